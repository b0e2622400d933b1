// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.trans;

/**
 * The transaction reservations jxfs uses (struct xfs_trans_resv's entries). They name the operation; jxfs does not
 * turn them into log byte reservations: the log is pushed (written back in place) once half of it is in use, and a
 * commit that finds no room shuts the filesystem down.
 */
public enum TransResv {
    WRITE, ITRUNCATE, CREATE, MKDIR, REMOVE, LINK, RENAME, IFREE, ICHANGE, GROWDATA, ADDAFORK, ATTRINVAL, ALLOCFREE,
    SB
}
