package io.spoolgate.ipmapper.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ControlCommandParserTest {
    @Test
    void pickInAllForms() throws Exception {
        assertThat(ControlCommandParser.parse("PICK 192.0.2.25 25 TCPIP"))
            .isEqualTo(new ControlCommand.Pick("192.0.2.25", 25, "TCPIP", false));
        assertThat(ControlCommandParser.parse("pick mx.example.org:25"))
            .isEqualTo(new ControlCommand.Pick("mx.example.org", 25, "-", false));
        assertThat(ControlCommandParser.parse("PICK [2001:db8::25]:587 TCPIP"))
            .isEqualTo(new ControlCommand.Pick("2001:db8::25", 587, "TCPIP", false));
        assertThat(ControlCommandParser.parse("PICK 2001:db8::25 25"))
            .isEqualTo(new ControlCommand.Pick("2001:db8::25", 25, "-", false));
        assertThat(ControlCommandParser.parse("  PICK\t192.0.2.25   25  "))
            .isEqualTo(new ControlCommand.Pick("192.0.2.25", 25, "-", false));
    }

    @Test
    void verblessPickportFormIsAPick() throws Exception {
        assertThat(ControlCommandParser.parse("192.0.2.25 25 TCPIP"))
            .isEqualTo(new ControlCommand.Pick("192.0.2.25", 25, "TCPIP", true));
    }

    @Test
    void otherCommands() throws Exception {
        assertThat(ControlCommandParser.parse("RELEASE 40001")).isEqualTo(new ControlCommand.Release(40001));
        assertThat(ControlCommandParser.parse("list")).isEqualTo(new ControlCommand.ListMappings());
        assertThat(ControlCommandParser.parse("RELOAD")).isEqualTo(new ControlCommand.Reload());
        assertThat(ControlCommandParser.parse("QUIT")).isEqualTo(new ControlCommand.Quit());
    }

    @Test
    void malformedCommandsSayWhatIsWrong() {
        assertThatThrownBy(() -> ControlCommandParser.parse("")).hasMessage("empty command");
        assertThatThrownBy(() -> ControlCommandParser.parse("HELO there")).hasMessageStartingWith("unknown command 'HELO'")
            .extracting(e -> ((ControlSyntaxException) e).code()).isEqualTo(502);
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK 192.0.2.25 70000")).hasMessage("target port 70000 is outside 1-65535");
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK 192.0.2.25")).hasMessageStartingWith("expected PICK");
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK bad_host 25")).hasMessageContaining("'bad_host' is neither");
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK 192.0.2.25 25 TCPIP extra")).hasMessageStartingWith("too many arguments");
        assertThatThrownBy(() -> ControlCommandParser.parse("RELEASE")).hasMessage("expected RELEASE <port>");
        assertThatThrownBy(() -> ControlCommandParser.parse("RELEASE abc")).hasMessage("transient port 'abc' is not a number");
        assertThatThrownBy(() -> ControlCommandParser.parse("LIST all")).hasMessage("expected LIST");
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK 192.0.2.25 25\u0007")).hasMessage("invalid character 0x07 at column 19");
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK h\u00e9llo 25")).hasMessage("invalid character 0xE9 at column 7");
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK " + "a".repeat(600) + " 25")).hasMessageStartingWith("line longer than");
        assertThatThrownBy(() -> ControlCommandParser.parse("PICK 1:2:3 25x")).isInstanceOf(ControlSyntaxException.class);
    }
}
