package io.postvault.search.support;

import io.postvault.search.config.SearchConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The service's configuration outside Quarkus (plain tests, the benchmark): its defaults and an index folder. */
public final class PlainConfig {

    private PlainConfig() {
    }

    public static SearchConfig withIndexDir(Path dir) {
        return new SmallRyeConfigBuilder().withMapping(SearchConfig.class)
                // durations such as "1s" as Quarkus reads them
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("postvault.search.index-dir", dir.toString()),
                        "plain", 500))
                .build().getConfigMapping(SearchConfig.class);
    }
}
