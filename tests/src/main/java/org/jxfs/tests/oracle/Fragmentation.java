// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

/**
 * {@code xfs_db -c frag}: "actual N, ideal M, fragmentation factor F%". {@code actual} counts data-fork extents
 * of all files, {@code ideal} the extents they would need if perfectly contiguous.
 */
public record Fragmentation(long actual, long ideal, double factorPercent) {
}
