// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.oracle;

import java.util.List;

/**
 * {@code xfs_db -c 'freesp -s'}: free extents bucketed by length (power-of-two buckets unless asked otherwise),
 * then the totals. {@code pct} is the percentage of free blocks in the bucket.
 */
public record FreeSpaceHistogram(List<Bucket> buckets, long totalExtents, long totalBlocks, double averageExtentSize) {

  public FreeSpaceHistogram {
    buckets = List.copyOf(buckets);
  }

  /** One row: extents of length in [from, to]. */
  public record Bucket(long from, long to, long extents, long blocks, double pct) {
  }
}
