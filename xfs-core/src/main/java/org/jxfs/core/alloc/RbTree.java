// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

/**
 * struct rb_root and the non-augmented lib/rbtree.c: a red-black tree whose rebalancing is the kernel's, rotation for
 * rotation, so that a walk from the root meets nodes in the same order as the kernel's after the same inserts and
 * erases. Callers find the place of a new node themselves, as kernel code does, and then call {@link #linkNode} and
 * {@link #insertColor}.
 */
class RbTree<N extends RbNode<N>> {
    /** rb_root.rb_node. */
    N root;

    /** Ports rb_link_node: hangs the red, childless {@code node} under {@code parent} (null: as the root). */
    void linkNode(N node, N parent, boolean left) {
        node.rbSetParentColor(parent, false);
        node.rbLeft = null;
        node.rbRight = null;
        if (parent == null) {
            root = node;
        } else if (left) {
            parent.rbLeft = node;
        } else {
            parent.rbRight = node;
        }
    }

    /** Ports __rb_change_child. */
    private void changeChild(N old, N node, N parent) {
        if (parent != null) {
            if (parent.rbLeft == old) {
                parent.rbLeft = node;
            } else {
                parent.rbRight = node;
            }
        } else {
            root = node;
        }
    }

    /** Ports __rb_rotate_set_parents: old's parent and color go to node, which becomes old's parent. */
    private void rotateSetParents(N old, N node, boolean black) {
        N parent = old.rbParent;
        node.rbParent = old.rbParent;
        node.rbBlack = old.rbBlack;
        old.rbSetParentColor(node, black);
        changeChild(old, node, parent);
    }

    /** Ports rb_insert_color (__rb_insert with no augmentation). */
    void insertColor(N node) {
        N parent = node.rbParent;
        N gparent;
        N tmp;
        for (;;) {
            // Loop invariant: node is red.
            if (parent == null) {
                node.rbSetParentColor(null, true);
                break;
            } else if (parent.rbBlack) {
                break;
            }
            gparent = parent.rbParent;
            tmp = gparent.rbRight;
            if (parent != tmp) { // parent == gparent.rbLeft
                if (tmp != null && !tmp.rbBlack) {
                    // Case 1 - color flips.
                    tmp.rbSetParentColor(gparent, true);
                    parent.rbSetParentColor(gparent, true);
                    node = gparent;
                    parent = node.rbParent;
                    node.rbSetParentColor(parent, false);
                    continue;
                }
                tmp = parent.rbRight;
                if (node == tmp) {
                    // Case 2 - left rotate at parent.
                    tmp = node.rbLeft;
                    parent.rbRight = tmp;
                    node.rbLeft = parent;
                    if (tmp != null) {
                        tmp.rbSetParentColor(parent, true);
                    }
                    parent.rbSetParentColor(node, false);
                    parent = node;
                    tmp = node.rbRight;
                }
                // Case 3 - right rotate at gparent.
                gparent.rbLeft = tmp;
                parent.rbRight = gparent;
                if (tmp != null) {
                    tmp.rbSetParentColor(gparent, true);
                }
                rotateSetParents(gparent, parent, false);
                break;
            } else {
                tmp = gparent.rbLeft;
                if (tmp != null && !tmp.rbBlack) {
                    // Case 1 - color flips.
                    tmp.rbSetParentColor(gparent, true);
                    parent.rbSetParentColor(gparent, true);
                    node = gparent;
                    parent = node.rbParent;
                    node.rbSetParentColor(parent, false);
                    continue;
                }
                tmp = parent.rbLeft;
                if (node == tmp) {
                    // Case 2 - right rotate at parent.
                    tmp = node.rbRight;
                    parent.rbLeft = tmp;
                    node.rbRight = parent;
                    if (tmp != null) {
                        tmp.rbSetParentColor(parent, true);
                    }
                    parent.rbSetParentColor(node, false);
                    parent = node;
                    tmp = node.rbLeft;
                }
                // Case 3 - left rotate at gparent.
                gparent.rbRight = tmp;
                parent.rbLeft = gparent;
                if (tmp != null) {
                    tmp.rbSetParentColor(gparent, true);
                }
                rotateSetParents(gparent, parent, false);
                break;
            }
        }
    }

    /** Ports rb_erase (__rb_erase with no augmentation). */
    void erase(N node) {
        N child = node.rbRight;
        N tmp = node.rbLeft;
        N parent;
        N rebalance;
        if (tmp == null) {
            // Case 1: at most one child, which then is red (and node black).
            parent = node.rbParent;
            changeChild(node, child, parent);
            if (child != null) {
                child.rbParent = node.rbParent;
                child.rbBlack = node.rbBlack;
                rebalance = null;
            } else {
                rebalance = node.rbBlack ? parent : null;
            }
        } else if (child == null) {
            // Still case 1, but the child is node.rbLeft.
            tmp.rbParent = node.rbParent;
            tmp.rbBlack = node.rbBlack;
            parent = node.rbParent;
            changeChild(node, tmp, parent);
            rebalance = null;
        } else {
            N successor = child;
            N child2;
            tmp = child.rbLeft;
            if (tmp == null) {
                // Case 2: node's successor is its right child.
                parent = successor;
                child2 = successor.rbRight;
            } else {
                // Case 3: node's successor is leftmost under node's right child subtree.
                do {
                    parent = successor;
                    successor = tmp;
                    tmp = tmp.rbLeft;
                } while (tmp != null);
                child2 = successor.rbRight;
                parent.rbLeft = child2;
                successor.rbRight = child;
                child.rbParent = successor;
            }
            tmp = node.rbLeft;
            successor.rbLeft = tmp;
            tmp.rbParent = successor;
            changeChild(node, successor, node.rbParent);
            boolean successorWasBlack = successor.rbBlack;
            successor.rbParent = node.rbParent;
            successor.rbBlack = node.rbBlack;
            if (child2 != null) {
                child2.rbSetParentColor(parent, true);
                rebalance = null;
            } else {
                rebalance = successorWasBlack ? parent : null;
            }
        }
        node.rbParent = null;
        node.rbLeft = null;
        node.rbRight = null;
        if (rebalance != null) {
            eraseColor(rebalance);
        }
    }

    /** Ports __rb_erase_color: restores the black heights after a black node left from under {@code parent}. */
    private void eraseColor(N parent) {
        N node = null;
        N sibling;
        N tmp1;
        N tmp2;
        for (;;) {
            sibling = parent.rbRight;
            if (node != sibling) { // node == parent.rbLeft
                if (!sibling.rbBlack) {
                    // Case 1 - left rotate at parent.
                    tmp1 = sibling.rbLeft;
                    parent.rbRight = tmp1;
                    sibling.rbLeft = parent;
                    tmp1.rbSetParentColor(parent, true);
                    rotateSetParents(parent, sibling, false);
                    sibling = tmp1;
                }
                tmp1 = sibling.rbRight;
                if (tmp1 == null || tmp1.rbBlack) {
                    tmp2 = sibling.rbLeft;
                    if (tmp2 == null || tmp2.rbBlack) {
                        // Case 2 - sibling color flip.
                        sibling.rbSetParentColor(parent, false);
                        if (!parent.rbBlack) {
                            parent.rbBlack = true;
                        } else {
                            node = parent;
                            parent = node.rbParent;
                            if (parent != null) {
                                continue;
                            }
                        }
                        break;
                    }
                    // Case 3 - right rotate at sibling.
                    tmp1 = tmp2.rbRight;
                    sibling.rbLeft = tmp1;
                    tmp2.rbRight = sibling;
                    parent.rbRight = tmp2;
                    if (tmp1 != null) {
                        tmp1.rbSetParentColor(sibling, true);
                    }
                    tmp1 = sibling;
                    sibling = tmp2;
                }
                // Case 4 - left rotate at parent + color flips.
                tmp2 = sibling.rbLeft;
                parent.rbRight = tmp2;
                sibling.rbLeft = parent;
                tmp1.rbSetParentColor(sibling, true);
                if (tmp2 != null) {
                    tmp2.rbParent = parent;
                }
                rotateSetParents(parent, sibling, true);
                break;
            } else {
                sibling = parent.rbLeft;
                if (!sibling.rbBlack) {
                    // Case 1 - right rotate at parent.
                    tmp1 = sibling.rbRight;
                    parent.rbLeft = tmp1;
                    sibling.rbRight = parent;
                    tmp1.rbSetParentColor(parent, true);
                    rotateSetParents(parent, sibling, false);
                    sibling = tmp1;
                }
                tmp1 = sibling.rbLeft;
                if (tmp1 == null || tmp1.rbBlack) {
                    tmp2 = sibling.rbRight;
                    if (tmp2 == null || tmp2.rbBlack) {
                        // Case 2 - sibling color flip.
                        sibling.rbSetParentColor(parent, false);
                        if (!parent.rbBlack) {
                            parent.rbBlack = true;
                        } else {
                            node = parent;
                            parent = node.rbParent;
                            if (parent != null) {
                                continue;
                            }
                        }
                        break;
                    }
                    // Case 3 - left rotate at sibling.
                    tmp1 = tmp2.rbLeft;
                    sibling.rbRight = tmp1;
                    tmp2.rbLeft = sibling;
                    parent.rbLeft = tmp2;
                    if (tmp1 != null) {
                        tmp1.rbSetParentColor(sibling, true);
                    }
                    tmp1 = sibling;
                    sibling = tmp2;
                }
                // Case 4 - right rotate at parent + color flips.
                tmp2 = sibling.rbRight;
                parent.rbLeft = tmp2;
                sibling.rbRight = parent;
                tmp1.rbSetParentColor(sibling, true);
                if (tmp2 != null) {
                    tmp2.rbParent = parent;
                }
                rotateSetParents(parent, sibling, true);
                break;
            }
        }
    }

    /** Ports rb_first. */
    N first() {
        N n = root;
        if (n == null) {
            return null;
        }
        while (n.rbLeft != null) {
            n = n.rbLeft;
        }
        return n;
    }

    /** Ports rb_next. */
    static <N extends RbNode<N>> N next(N node) {
        if (node.rbRight != null) {
            node = node.rbRight;
            while (node.rbLeft != null) {
                node = node.rbLeft;
            }
            return node;
        }
        N parent;
        while ((parent = node.rbParent) != null && node == parent.rbRight) {
            node = parent;
        }
        return parent;
    }
}
