package io.spoolgate.ipmapper.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class TransientPortsTest {
    @Test
    void handsOutEachPortOnceThenRunsDry() {
        TransientPorts ports = new TransientPorts(new TreeSet<>(java.util.List.of(40000, 40001, 40002)));
        assertThat(ports.allocate()).hasValue(40000);
        assertThat(ports.allocate()).hasValue(40001);
        assertThat(ports.allocate()).hasValue(40002);
        assertThat(ports.allocate()).isEqualTo(OptionalInt.empty());
        assertThat(ports.freeCount()).isZero();
        assertThat(ports.release(40001)).isTrue();
        assertThat(ports.release(40001)).isFalse();
        assertThat(ports.allocate()).hasValue(40001);
    }

    @Test
    void roundRobinLetsAReleasedPortRest() {
        TransientPorts ports = new TransientPorts(new TreeSet<>(java.util.List.of(1, 2, 3)));
        int first = ports.allocate().getAsInt();
        ports.release(first);
        assertThat(ports.allocate()).hasValue(2);
    }

    @Test
    void reconfigureKeepsPortsInUseAndDropsRemovedOnes() {
        TransientPorts ports = new TransientPorts(new TreeSet<>(java.util.List.of(1, 2)));
        int used = ports.allocate().getAsInt();
        ports.reconfigure(new TreeSet<>(java.util.List.of(3)));
        assertThat(ports.inUseCount()).isEqualTo(1);
        assertThat(ports.allocate()).hasValue(3);
        assertThat(ports.allocate()).isEmpty();
        assertThat(ports.release(used)).isTrue();
        assertThat(ports.allocate()).isEmpty();
    }
}
