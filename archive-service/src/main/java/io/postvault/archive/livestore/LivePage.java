package io.postvault.archive.livestore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One page of an account's live messages; {@code next} is the cursor of the following page, null on the last. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LivePage(List<LiveMessage> messages, String next) {
}
