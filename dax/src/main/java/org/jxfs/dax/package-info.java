// SPDX-License-Identifier: GPL-2.0-only
/** Emulated pmem and the DAX fault path (fs/dax.c): not built yet. */
package org.jxfs.dax;
