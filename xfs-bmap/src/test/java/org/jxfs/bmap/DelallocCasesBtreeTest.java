// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bmap;

/**
 * {@link DelallocCasesTest} with the fork in BTREE format when a delalloc record is converted: every
 * add_extent_delay_real case updates the bmbt through the cursor, and the tree read back must hold exactly the
 * in-core fork's real records.
 */
class DelallocCasesBtreeTest extends DelallocCasesTest {
    @Override
    boolean btree() {
        return true;
    }
}
