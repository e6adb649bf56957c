package io.postvault.bench;

/** A server answered something the benchmark did not expect: the run is invalid and stops. */
final class BenchException extends RuntimeException {

    BenchException(String message) {
        super(message);
    }
}
