package io.spoolgate.vmspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolToolTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] full = new String[args.length + 2];
        full[0] = "--home";
        full[1] = home.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return SpoolTool.run(full, new PrintStream(out, true, StandardCharsets.ISO_8859_1),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void punchThenRdrlistThenPeekShowWhatLanded() throws Exception {
        Path mail = Files.writeString(home.resolve("note.txt"),
            "From: Alice <alice@example.org>\r\nTo: user1@vm.example\r\nSubject: hello\r\n\r\nHi there\r\n",
            StandardCharsets.ISO_8859_1);
        assertThat(run("punch", mail.toString(), "--to", "user1")).isZero();
        assertThat(out()).contains("spool file 0001 punched to USER1's reader");
        assertThat(run("rdrlist", "USER1")).isZero();
        assertThat(out()).contains("0001", "ALICE", "MAIL", "NETDATA");
        assertThat(run("peek", "USER1", "1")).isZero();
        assertThat(out()).contains("Subject: hello", "Hi there", "recipients: user1@vm.example");
    }

    @Test
    void bsmtpPunchTakesTheEnvelopeFromTheHeadersAndPeekShowsTheCommands() throws Exception {
        Path mail = Files.writeString(home.resolve("m.txt"), "From: bob@example.org\r\nTo: a@x.example, B <b@y.example>\r\n\r\nx\r\n");
        assertThat(run("punch", mail.toString(), "--to", "MAILER", "--format", "bsmtp")).isZero();
        assertThat(run("peek", "MAILER", "1")).isZero();
        assertThat(out()).contains("MAIL FROM:<bob@example.org>", "RCPT TO:<a@x.example>", "RCPT TO:<b@y.example>", "QUIT");
    }

    @Test
    void asIsPutsCardImagesInUnchanged() throws Exception {
        Path cards = Files.write(home.resolve("cards"), new byte[160]);
        assertThat(run("punch", cards.toString(), "--to", "SMTP", "--as-is", "--origin", "USER7")).isZero();
        assertThat(Files.readAllBytes(home.resolve("spool/SMTP/0001.rdr"))).isEqualTo(new byte[160]);
        Path odd = Files.write(home.resolve("odd"), new byte[100]);
        assertThat(run("punch", odd.toString(), "--to", "SMTP", "--as-is")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a whole number of 80-byte cards");
    }

    @Test
    void unknownUsersIdsAndOptionsGetClearErrors() throws Exception {
        assertThat(run("rdrlist", "USER9")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no reader for USER9");
        Path mail = Files.writeString(home.resolve("n.txt"), "Subject: s\r\n\r\nb\r\n");
        run("punch", mail.toString(), "--to", "USER1");
        assertThat(run("peek", "USER1", "42")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no spool file 0042 in USER1's reader");
        assertThat(run("peek", "USER1", "x")).isEqualTo(1);
        assertThat(run("rdrlist", "NOT.OK")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid character");
        assertThat(run("punch", mail.toString())).isEqualTo(2);
        assertThat(run("punch", mail.toString(), "--to", "USER1", "--bogus", "1")).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("punch", home.resolve("missing").toString(), "--to", "USER1")).isEqualTo(1);
    }

    @Test
    void theSpoolRootComesFromTheRepositoryConfiguration() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/mailrepositorystore.xml"), "<mailrepositorystore><mailrepositories>"
            + "<mailrepository class=\"x\"><protocols><protocol>vmspool</protocol></protocols>"
            + "<config><spoolRoot>file://elsewhere/readers</spoolRoot><localNode>zvm1</localNode></config>"
            + "</mailrepository></mailrepositories></mailrepositorystore>");
        Path mail = Files.writeString(home.resolve("n.txt"), "Subject: s\r\n\r\nb\r\n");
        assertThat(run("punch", mail.toString(), "--to", "USER1")).isZero();
        assertThat(home.resolve("elsewhere/readers/USER1/0001.rdr")).exists();
        assertThat(run("rdrlist", "USER1")).isZero();
        assertThat(out()).contains("at ZVM1");
    }
}
