package io.spoolgate.ipmapper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortMappingParserTest {
    private static PortMappingTable parse(String... lines) throws ConfigException {
        return PortMappingParser.parse("PORT MAPPING", List.of(lines));
    }

    @Test
    void readsStaticMappingsFreePortsCommentsAndBlankLines() throws Exception {
        PortMappingTable table = parse(
            "* PORT MAPPING for the mail guest",
            "",
            "25    10.0.0.5  2526 TCPIP",
            "587   10.0.0.5  2587 TCPIP proxy=v1   # submission",
            "2525  mailhost.example.org 25 TCPIP2 proxy=none",
            "# transient ports",
            "40000 FREE",
            "40010-40012 free",
            "; done");
        assertThat(table.staticMappings()).containsExactly(
            new PortMapping(25, "10.0.0.5", 2526, "TCPIP", ProxyProtocol.V2),
            new PortMapping(587, "10.0.0.5", 2587, "TCPIP", ProxyProtocol.V1),
            new PortMapping(2525, "mailhost.example.org", 25, "TCPIP2", ProxyProtocol.NONE));
        assertThat(table.freePorts()).containsExactly(40000, 40010, 40011, 40012);
    }

    @Test
    void acceptsIpv6TargetsAndStackNamesWithVmCharacters() throws Exception {
        PortMappingTable table = parse("25 2001:db8::25 2526 TCP#IP$1");
        assertThat(table.staticMappings().get(0).targetHost()).isEqualTo("2001:db8::25");
        assertThat(table.staticMappings().get(0).stackName()).isEqualTo("TCP#IP$1");
    }

    @Test
    void reportsLineNumbersOfErrors() {
        assertThatThrownBy(() -> parse("* ok", "25 10.0.0.5 2526 TCPIP", "", "70000 FREE"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("PORT MAPPING:4: free port 70000 is outside 1-65535")
            .extracting(e -> ((ConfigException) e).line()).isEqualTo(4);
        assertThatThrownBy(() -> parse("25 10.0.0.5 x TCPIP")).hasMessage("PORT MAPPING:1: target port 'x' is not a number");
        assertThatThrownBy(() -> parse("25 10.0.0.5 2526")).hasMessageStartingWith("PORT MAPPING:1: expected");
        assertThatThrownBy(() -> parse("25 bad_host! 2526 TCPIP")).hasMessageContaining(":1: target address 'bad_host!'");
        assertThatThrownBy(() -> parse("25 10.0.0.5 2526 TCPIP proxy=v3")).hasMessageContaining(":1: unknown PROXY protocol 'v3'");
        assertThatThrownBy(() -> parse("25 10.0.0.5 2526 TCPIP fast")).hasMessageContaining(":1: unknown option 'fast'");
        assertThatThrownBy(() -> parse("40005-40001 FREE")).hasMessageContaining(":1: empty port range");
        assertThatThrownBy(() -> parse("25 10.0.0.5 2526 THIS-STACK-NAME-IS-FAR-TOO-LONG-TO-BE")).hasMessageContaining(":1: bad stack name");
    }

    @Test
    void rejectsAPortUsedTwice() {
        assertThatThrownBy(() -> parse("25 10.0.0.5 2526 TCPIP", "40000 FREE", "40000-40002 FREE"))
            .hasMessage("PORT MAPPING:3: port 40000 is already used on line 2");
        assertThatThrownBy(() -> parse("25 10.0.0.5 2526 TCPIP", "25 FREE"))
            .hasMessage("PORT MAPPING:2: port 25 is already used on line 1");
    }

    @Test
    void rejectsControlCharactersAndOverlongLines() {
        assertThatThrownBy(() -> parse("25 10.0.0.5\u0000 2526 TCPIP")).hasMessageContaining(":1: control character U+0000 at column 12");
        assertThatThrownBy(() -> parse("x".repeat(ConfigLines.MAX_LINE_LENGTH + 1))).hasMessageContaining(":1: line longer than");
    }

    @Test
    void readsFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("PORT.MAPPING");
        Files.writeString(file, "25 127.0.0.1 2526 TCPIP\r\n40000 FREE\r\n");
        assertThat(PortMappingParser.read(file).freePorts()).containsExactly(40000);
        Files.write(file, new byte[] {'2', '5', ' ', (byte) 0xff});
        assertThatThrownBy(() -> PortMappingParser.read(file)).hasMessage(file + ": not UTF-8 text");
        assertThatThrownBy(() -> PortMappingParser.read(dir.resolve("missing"))).hasMessageContaining("missing: cannot read");
    }
}
