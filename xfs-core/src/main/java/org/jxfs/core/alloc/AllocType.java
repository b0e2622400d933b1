// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

/** TEMPORARY stand-in for branch alloc's xfs_alloctype_t; removed when that branch is merged. */
public enum AllocType {
    ANY_AG, FIRST_AG, START_AG, THIS_AG, START_BNO, NEAR_BNO, THIS_BNO
}
