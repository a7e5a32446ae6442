package io.spoolgate.exit.rules;

import io.spoolgate.exit.ExitConfig;
import io.spoolgate.exit.Verdict;
import io.spoolgate.exit.support.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesExitTest {
    private static final String RULES = String.join("\n",
        "# site policy",
        "client=10.0.0.0/8 => accept",
        "client=192.0.2.0/24 => reject-session 421 4.7.0 Not from there",
        "helo=*.dialup.example => reject-message 550 5.7.1 Use your ISP relay",
        "sender=*@spam.example => reject-message 550 5.7.1 Sender refused",
        "sender=<> recipient=list@* => reject-message 550 5.7.1 No bounces to lists",
        "recipient=abuse@* => accept",
        "header:Subject~(?i)lottery => reject-message 554 5.7.1 Looks like spam",
        "size>1000 => reject-message 552 5.3.4 Too big",
        "origin=spool user=ROGUE => reject-message 550 5.7.1 Spool user barred",
        "");

    private final RulesExit exit = new RulesExit();

    private Object start(Path file) throws Exception {
        return exit.init(new ExitConfig("rules", Map.of("file", file.toString(), "reloadSeconds", "0")));
    }

    @Test
    void rulesAreDecidedAtTheirStageFirstMatchWins(@TempDir Path dir) throws Exception {
        Object token = start(Files.writeString(dir.resolve("rules"), RULES));
        Calls trusted = new Calls("10.1.2.3", token);
        assertThat(exit.onCall(trusted.connect())).isEqualTo(Verdict.ACCEPT);

        Calls barred = new Calls("192.0.2.7", token);
        assertThat(exit.onCall(barred.connect())).isEqualTo(Verdict.rejectSession(421, "4.7.0 Not from there"));

        Calls dialup = new Calls("198.51.100.1", token);
        assertThat(exit.onCall(dialup.connect())).isEqualTo(Verdict.CONTINUE);
        assertThat(exit.onCall(dialup.helo("host7.dialup.example")).code()).isEqualTo(550);

        Calls client = new Calls("198.51.100.2", token);
        exit.onCall(client.helo("mail.good.example"));
        assertThat(exit.onCall(client.mail("x@SPAM.example")).text()).contains("Sender refused");
        assertThat(exit.onCall(client.mail("x@good.example"))).isEqualTo(Verdict.CONTINUE);
        assertThat(exit.onCall(client.rcpt("abuse@vm.example"))).isEqualTo(Verdict.ACCEPT);
        assertThat(exit.onCall(client.rcpt("list@vm.example"))).isEqualTo(Verdict.CONTINUE);
        assertThat(exit.onCall(client.endOfData("Subject: You won the LOTTERY\r\n\r\nx\r\n")).code()).isEqualTo(554);
        assertThat(exit.onCall(client.endOfData("Subject: hi\r\n\r\n" + "x".repeat(2000))).code()).isEqualTo(552);
        assertThat(exit.onCall(client.endOfData("Subject: hi\r\n\r\nsmall\r\n"))).isEqualTo(Verdict.CONTINUE);

        exit.onCall(client.mail(""));
        assertThat(exit.onCall(client.rcpt("list@vm.example")).text()).contains("No bounces");

        Calls spool = Calls.spool("ROGUE", "VMNODE", token);
        assertThat(exit.onCall(spool.mail("rogue@vm.example")).text()).contains("Spool user barred");
        exit.term(token);
    }

    @Test
    void aChangedFileIsReloadedAndABadEditKeepsTheOldRules(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("rules"), "sender=*@a.example => reject-message 550 5.7.1 A\n");
        RuleFileWatcher watcher = RuleFileWatcher.start(file, java.time.Duration.ZERO);
        Calls calls = new Calls("198.51.100.9", watcher);
        assertThat(watcher.rules().evaluate(calls.mail("x@a.example")).code()).isEqualTo(550);

        Files.writeString(file, "sender=*@b.example => reject-message 551 5.7.1 B\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        watcher.checkForChange();
        assertThat(watcher.rules().evaluate(calls.mail("x@a.example"))).isEqualTo(Verdict.CONTINUE);
        assertThat(watcher.rules().evaluate(calls.mail("x@b.example")).code()).isEqualTo(551);

        Files.writeString(file, "sender=*@b.example => explode\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        watcher.checkForChange();
        assertThat(watcher.rules().evaluate(calls.mail("x@b.example")).code()).as("old rules kept").isEqualTo(551);
        watcher.close();
    }

    @Test
    void parseErrorsNameTheFileAndLine() {
        assertThatThrownBy(() -> RuleFileParser.parse("site.rules", "# ok\nclient=10.0.0.0/8 => accept\nhelo=x"))
            .hasMessage("site.rules line 3: missing '=>' between conditions and action");
        assertThatThrownBy(() -> RuleFileParser.parse("r", "client=10.0.0.0/33 => accept"))
            .hasMessageContaining("r line 1: prefix length must be 0-32");
        assertThatThrownBy(() -> RuleFileParser.parse("r", "colour=red => accept"))
            .hasMessageContaining("unknown condition 'colour'");
        assertThatThrownBy(() -> RuleFileParser.parse("r", "helo=x => reject-message 250 hi"))
            .hasMessageContaining("400-599");
        assertThatThrownBy(() -> RuleFileParser.parse("r", "header:Subject~(( => accept"))
            .hasMessageContaining("bad regular expression");
    }

    @Test
    void aMissingFileRefusesTheStart(@TempDir Path dir) {
        assertThatThrownBy(() -> start(dir.resolve("absent"))).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> exit.init(new ExitConfig("rules", Map.of())))
            .hasMessageContaining("parameter 'file' is missing");
    }

    @Test
    void networksMatchIpv4AndIpv6() throws Exception {
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("::ffff:0a00:0001"))).isTrue();
        assertThat(Cidr.parse("192.168.1.0/25").contains(InetAddress.getByName("192.168.1.200"))).isFalse();
        assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("not a numeric IP address");
    }
}
