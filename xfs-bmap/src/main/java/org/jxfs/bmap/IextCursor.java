// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/**
 * struct xfs_iext_cursor: a position in an {@link IextTree} (a leaf and a record index). Reusable and cheap to copy;
 * like the kernel's, it is invalidated by any change to the tree not made through it.
 */
public final class IextCursor {
    IextLeaf leaf;
    int pos;

    public IextCursor() {
    }

    /** A copy, for the peek operations (xfs_iext_peek_next_extent takes a copy of the cursor the same way). */
    public IextCursor copy() {
        IextCursor c = new IextCursor();
        c.leaf = leaf;
        c.pos = pos;
        return c;
    }

    public void copyFrom(IextCursor other) {
        leaf = other.leaf;
        pos = other.pos;
    }

    /** xfs_iext_valid without the tree: the cursor points at a record. */
    public boolean isValid() {
        return leaf != null && pos >= 0 && pos < leaf.nr;
    }

    @Override
    public String toString() {
        return leaf == null ? "IextCursor[none]" : "IextCursor[pos " + pos + " of " + leaf.nr + "]";
    }
}
