// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.alloc;

import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;

/** TEMPORARY stand-in for branch alloc's struct xfs_alloc_arg; removed when that branch is merged. */
public final class AllocArg {
    public Trans tp;
    public Mount mp;
    public long fsbno = -1;
    public int agno;
    public long agbno;
    public long minlen = 1;
    public long maxlen = 1;
    public long mod;
    public long prod = 1;
    public long alignment = 1;
    public long minleft;
    public long total;
    public long len;
    public AllocType type = AllocType.NEAR_BNO;
}
