// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.trans;

/**
 * The transaction reservations jxfs uses (struct xfs_trans_resv's entries). Until the write-ahead log lands they
 * only name the operation; the log will turn them into byte reservations.
 */
public enum TransResv {
    WRITE, ITRUNCATE, CREATE, MKDIR, REMOVE, LINK, RENAME, IFREE, ICHANGE, GROWDATA, ADDAFORK, ATTRINVAL, ALLOCFREE,
    SB
}
