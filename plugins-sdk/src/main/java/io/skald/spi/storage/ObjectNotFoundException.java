// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.storage;

import java.io.IOException;

/** {@link ObjectStore#get} of a key that holds no object. */
public class ObjectNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(String key) {
        super("object not found: " + key);
    }
}
