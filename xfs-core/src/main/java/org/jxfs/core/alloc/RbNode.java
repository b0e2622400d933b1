// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

/**
 * struct rb_node (include/linux/rbtree_types.h): the links a node of an {@link RbTree} carries. The kernel packs the
 * parent pointer and the color into __rb_parent_color; here they are two fields. A node not in a tree is red with
 * no links, as rb_link_node leaves it.
 */
abstract class RbNode<N extends RbNode<N>> {
    N rbParent;
    N rbLeft;
    N rbRight;
    /** RB_BLACK when set, RB_RED when clear. */
    boolean rbBlack;

    /** rb_set_parent_color. */
    final void rbSetParentColor(N parent, boolean black) {
        rbParent = parent;
        rbBlack = black;
    }
}
