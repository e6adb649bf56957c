package io.postvault.protocol.submission.relay;

import java.util.List;

/**
 * What one relay attempt achieved. The recipients neither in {@code retry} nor in {@code refused} were accepted by the
 * smarthost together with the message.
 *
 * @param retry   recipients to try again later (temporary failure: connection, 4xx)
 * @param refused recipients the smarthost refused for good (5xx)
 * @param reply   the smarthost's last reply, or what went wrong on the way to it
 */
public record RelayResult(List<String> retry, List<String> refused, String reply) {

    public static RelayResult relayed(String reply) {
        return new RelayResult(List.of(), List.of(), reply);
    }

    public static RelayResult temporaryFailure(List<String> recipients, String reply) {
        return new RelayResult(List.copyOf(recipients), List.of(), reply);
    }

    public static RelayResult permanentFailure(List<String> recipients, String reply) {
        return new RelayResult(List.of(), List.copyOf(recipients), reply);
    }

    /** True when nothing is left to try. */
    public boolean finished() {
        return retry.isEmpty();
    }

    /** True when the smarthost took the message for at least one of {@code recipients}. */
    public boolean acceptedAny(List<String> recipients) {
        return recipients.size() > retry.size() + refused.size();
    }
}
