package io.spoolgate.ipmapper.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.string.StringDecoder;
import io.spoolgate.ipmapper.config.Cidr;
import io.spoolgate.ipmapper.control.ControlCommand;
import io.spoolgate.ipmapper.control.ControlCommandParser;
import io.spoolgate.ipmapper.control.ControlSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the ipmapper control protocol as the control port reads it: the bytes go through the
 * same framing as {@code IpMapperServer}'s control pipeline (a line decoder with the parser's length limit, ISO-8859-1)
 * and each line through {@link ControlCommandParser}. Properties: an over-long line is the framing's
 * {@link TooLongFrameException} (answered {@code ERR 500}); otherwise a line parses or fails with
 * {@link ControlSyntaxException} code 501/502 and a message; a parsed PICK has a port in 1..65535, a host that is an
 * address literal or a host name (never a name containing ':' to be looked up) and a valid stack name; a RELEASE a
 * port in 1..65535. Seeds: {@code ControlProtocolJazzerTestInputs/controlProtocol/}.
 */
class ControlProtocolJazzerTest {

    private static final Pattern STACK = Pattern.compile("-|[A-Za-z0-9$#@_.-]{1,32}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    @FuzzTest(maxDuration = "10m")
    void controlProtocol(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(
            new LineBasedFrameDecoder(ControlCommandParser.MAX_LINE_LENGTH + 2, true, true),
            new StringDecoder(StandardCharsets.ISO_8859_1));
        try {
            ByteBuf bytes = Unpooled.wrappedBuffer(input);
            try {
                channel.writeInbound(bytes);
            } catch (TooLongFrameException expected) {
                // the control handler answers ERR 500 and closes; lines before it were still decoded
            }
            for (Object frame; (frame = channel.readInbound()) != null; ) {
                parse((String) frame);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void parse(String line) {
        ControlCommand command;
        try {
            command = ControlCommandParser.parse(line);
        } catch (ControlSyntaxException e) {
            ConfigFuzzing.check(e.code() == 501 || e.code() == 502, "reply code " + e.code());
            ConfigFuzzing.check(e.getMessage() != null && !e.getMessage().isBlank(), "error without a message");
            return;
        }
        ConfigFuzzing.check(command != null, "null command");
        if (command instanceof ControlCommand.Pick pick) {
            ConfigFuzzing.checkPort(pick.port(), "PICK port");
            String host = pick.host();
            ConfigFuzzing.check(HOST_NAME.matcher(host).matches() || (Cidr.isAddressLiteral(host) && IPV6.matcher(host).matches()),
                "PICK host '" + host + "' is neither a host name nor an address literal");
            ConfigFuzzing.check(STACK.matcher(pick.stack()).matches(), "PICK stack '" + pick.stack() + "'");
        } else if (command instanceof ControlCommand.Release release) {
            ConfigFuzzing.checkPort(release.port(), "RELEASE port");
        }
    }
}
