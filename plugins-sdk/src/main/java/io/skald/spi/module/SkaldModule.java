// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.module;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks a DS component as the one component of a module: sets the component property
 * {@code skald.module} to the module's name. The status pages list exactly these components, and
 * enabling or disabling a module enables or disables its component.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SkaldModule {
    String value();
}
