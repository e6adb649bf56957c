package io.postvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void ticksAreUserSystemAndReapedChildrenTime() {
        // fields 14..17: utime 100, stime 20, cutime 3, cstime 4; the command name holds spaces and a parenthesis
        String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 500 0 0 0 100 20 3 4 20 0 1 0 123 4096 100";
        assertThat(CpuMeter.parseTicks(stat)).isEqualTo(127);
    }

    @Test
    void thisJvmHasUsedSomeCpu() {
        assertThat(CpuMeter.selfCpuMillis(100)).isPositive();
        long pid = ProcessHandle.current().pid();
        assertThat(new CpuMeter(List.of(pid), 100).cpuMillis()).isPositive();
    }

    @Test
    void pidListsAndNamedPidsParse() {
        assertThat(CpuMeter.parsePids("1, 2,3")).containsExactly(1L, 2L, 3L);
        assertThat(CpuMeter.parsePids("")).isEmpty();
        assertThat(Options.parseNamedPids("postgres=10,kafka=11")).containsExactly(
                java.util.Map.entry("postgres", 10L), java.util.Map.entry("kafka", 11L));
    }
}
