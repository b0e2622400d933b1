// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core;

/** The image or request uses a feature jxfs cannot handle (yet); the message names it. */
public class UnsupportedFeatureException extends XfsException {
    public UnsupportedFeatureException(String message) {
        super(EOPNOTSUPP, message);
    }

    public UnsupportedFeatureException(String message, Throwable cause) {
        super(EOPNOTSUPP, message, cause);
    }
}
