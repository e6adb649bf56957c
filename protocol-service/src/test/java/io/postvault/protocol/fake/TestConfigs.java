package io.postvault.protocol.fake;

import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A @ConfigMapping interface implemented from its @WithDefault values plus overrides (kebab-case names). */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static <T> T of(Class<T> type, Map<String, String> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? type.getSimpleName() + overrides : method.invoke(overrides, args);
            }
            String key = kebab(method.getName());
            String value = overrides.get(key);
            if (value == null) {
                WithDefault fallback = method.getAnnotation(WithDefault.class);
                value = fallback == null ? null : fallback.value();
            }
            return convert(method, value);
        }));
    }

    private static Object convert(Method method, String value) {
        Class<?> type = method.getReturnType();
        if (type == Optional.class) {
            if (value == null) {
                return Optional.empty();
            }
            Class<?> inner = (Class<?>) ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
            return Optional.of(convert(inner, value));
        }
        if (value == null) {
            throw new IllegalArgumentException("no value for " + method.getName());
        }
        return convert(type, value);
    }

    private static Object convert(Class<?> type, String value) {
        if (type == int.class) {
            return Integer.parseInt(value);
        } else if (type == long.class) {
            return Long.parseLong(value);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        } else if (type == Duration.class) {
            return duration(value);
        } else if (type == Path.class) {
            return Path.of(value);
        }
        return value;
    }

    private static Duration duration(String value) {
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.parse(value);
        };
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
