package io.spoolgate.exit.host.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoThreadCommandsTest {
    private final IoThreadCommands all = IoThreadCommands.all();

    private static ByteBuf bytes(String text) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(("xx" + text).getBytes(StandardCharsets.ISO_8859_1));
        buf.readerIndex(2); // the check must start at the reader index
        return buf;
    }

    @Test
    void oneLineOfAListedCommandQualifies() {
        assertThat(all.isSingleLineOfOne(bytes("MAIL FROM:<a@b.example>\r\n"))).isTrue();
        assertThat(all.isSingleLineOfOne(bytes("rcpt to:<c@vm.example>\r\n"))).isTrue();
        assertThat(all.isSingleLineOfOne(bytes("DATA\r\n"))).isTrue();
        assertThat(all.isSingleLineOfOne(bytes("QUIT\n"))).isTrue();
        assertThat(all.isSingleLineOfOne(bytes("EHLO client.example\r\n"))).isTrue();
    }

    @Test
    void bodiesPipelinesPartsAndOtherCommandsDoNot() {
        assertThat(all.isSingleLineOfOne(bytes(".\r\n"))).as("the final dot").isFalse();
        assertThat(all.isSingleLineOfOne(bytes("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n"))).as("pipelined").isFalse();
        assertThat(all.isSingleLineOfOne(bytes("MAIL FROM:<a@b>"))).as("no line end yet").isFalse();
        assertThat(all.isSingleLineOfOne(bytes("AUTH PLAIN AGFAYg==\r\n"))).isFalse();
        assertThat(all.isSingleLineOfOne(bytes("STARTTLS\r\n"))).isFalse();
        assertThat(all.isSingleLineOfOne(bytes("VRFY maint\r\n"))).isFalse();
        assertThat(all.isSingleLineOfOne(bytes("MAILX FROM:<a@b>\r\n"))).as("another verb").isFalse();
        assertThat(all.isSingleLineOfOne(bytes("MAIL FROM:<" + "a".repeat(1100) + ">\r\n"))).as("too long").isFalse();
    }

    @Test
    void onlyTheConfiguredCommandsQualify() {
        IoThreadCommands some = IoThreadCommands.parse(" mail,  DATA ");
        assertThat(some.names()).containsExactly("DATA", "MAIL");
        assertThat(some.isSingleLineOfOne(bytes("MAIL FROM:<>\r\n"))).isTrue();
        assertThat(some.isSingleLineOfOne(bytes("RCPT TO:<a@b>\r\n"))).isFalse();
        assertThat(IoThreadCommands.parse("").isEmpty()).isTrue();
        assertThat(IoThreadCommands.parse("").isSingleLineOfOne(bytes("DATA\r\n"))).isFalse();
    }

    @Test
    void aCommandThatCannotRunOnAnIoThreadIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> IoThreadCommands.parse("MAIL AUTH"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUTH");
    }

    @Test
    void aCommandWhoseHookMayBlockGoesToTheWorkersForAsLongAsItMay() {
        AtomicBoolean ldapInUse = new AtomicBoolean(true);
        all.addHook(IoThreadCommands.Verb.RCPT, ldapInUse::get);
        assertThat(all.isSingleLineOfOne(bytes("RCPT TO:<a@vm.example>\r\n"))).isFalse();
        assertThat(all.isSingleLineOfOne(bytes("MAIL FROM:<a@b>\r\n"))).isTrue();
        ldapInUse.set(false);
        assertThat(all.isSingleLineOfOne(bytes("RCPT TO:<a@vm.example>\r\n"))).isTrue();
    }

    /** A hook class that says for itself whether it may block. */
    public static final class SelfDeclaring {
        boolean answer;

        public boolean mayBlock() {
            return answer;
        }
    }

    @Test
    void hooksAreJudgedByTheirOwnAnswerByNameOrElseAsBlocking() {
        SelfDeclaring declaring = new SelfDeclaring();
        assertThat(HookBlocking.of(declaring).getAsBoolean()).isFalse();
        declaring.answer = true;
        assertThat(HookBlocking.of(declaring).getAsBoolean()).isTrue();
        assertThat(HookBlocking.of(new Object()).getAsBoolean()).as("an unknown hook").isTrue();
        assertThat(HookBlocking.of(new org.apache.james.protocols.smtp.core.PostmasterAbuseRcptHook()).getAsBoolean())
            .as("a James hook known to answer from memory").isFalse();
    }
}
