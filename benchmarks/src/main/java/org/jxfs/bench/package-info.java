// SPDX-License-Identifier: GPL-2.0-only
/** JMH benchmarks. */
package org.jxfs.bench;
