package io.postvault.deploy.stack;

import java.util.List;
import java.util.Optional;

/** One server of the stack, run as a child process with its state under a {@link StackLayout}. */
public interface StackComponent {

    /** Short name: folder, log and pid file name ({@code postgres}, {@code kafka}, {@code s3}). */
    String name();

    /** The TCP ports it listens on, the first being the one clients use. */
    List<Integer> ports();

    /** Starts the server and waits until it really serves; fails with the tail of its log. */
    void start();

    /** Stops the server if it runs (by its pid file, so another JVM may stop it); no-op otherwise. */
    void stop();

    /** The pid of the running server, if it runs. */
    Optional<Long> runningPid();
}
