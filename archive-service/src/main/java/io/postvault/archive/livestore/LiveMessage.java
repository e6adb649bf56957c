package io.postvault.archive.livestore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** A live message of an account, as protocol-service's listing describes it (only what this service uses). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LiveMessage(String folder, long uidValidity, long uid, String blobId, long size, Instant internalDate,
                          List<String> flags) {
}
