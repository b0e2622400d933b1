// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.check;

/** The file holds no XFS filesystem: no superblock magic in the primary nor in any place a secondary could be. */
public final class NotXfsException extends Exception {
    private static final long serialVersionUID = 1L;

    NotXfsException(String message) {
        super(message);
    }
}
