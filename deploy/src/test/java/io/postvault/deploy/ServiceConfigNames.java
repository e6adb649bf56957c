package io.postvault.deploy;

import io.postvault.deploy.stack.StackEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration names a service reads, from its {@code application.properties}: the properties it sets, the ones
 * documented there commented out (optional settings such as {@code #postvault.tls.cert-file=}) and the ones it refers
 * to in expressions ({@code ${postvault.admin-token}}). An environment variable a deployment sets must be one of them,
 * in MicroProfile Config's environment form ({@code postvault.db.url} = {@code POSTVAULT_DB_URL}).
 */
public final class ServiceConfigNames {

    private static final Pattern PROPERTY = Pattern.compile("^#?\\s*(?:%\\w+\\.)?([a-z][\\w.\\-\"]*)\\s*=", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z][\\w.\\-]*)(?::[^}]*)?}");

    private final Set<String> properties = new HashSet<>();

    private ServiceConfigNames(String text) {
        Matcher defined = PROPERTY.matcher(text);
        while (defined.find()) {
            properties.add(defined.group(1));
        }
        Matcher referenced = REFERENCE.matcher(text);
        while (referenced.find()) {
            properties.add(referenced.group(1));
        }
    }

    public static ServiceConfigNames of(Path applicationProperties) throws IOException {
        return new ServiceConfigNames(Files.readString(applicationProperties));
    }

    /** Whether the service reads the environment variable (POSTVAULT_ and QUARKUS_ names). */
    public boolean reads(String environmentVariable) {
        return properties.stream().anyMatch(property -> StackEndpoints.toEnvName(property).equals(environmentVariable));
    }

    /** Every property the service reads, as its environment variable. */
    public Set<String> environmentNames() {
        Set<String> names = new HashSet<>();
        properties.forEach(property -> names.add(StackEndpoints.toEnvName(property)));
        return names;
    }
}
