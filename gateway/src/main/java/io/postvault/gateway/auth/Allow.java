package io.postvault.gateway.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles besides PLATFORM_ADMIN (always allowed) that may call a public API method. A method without it is
 * platform-admin only: a new path is closed until it says otherwise. The tenant in its path ({domain}, {address},
 * {domain}+{localPart}) is checked by {@link AccessFilter} whatever the role.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Allow {

    Role[] value();
}
