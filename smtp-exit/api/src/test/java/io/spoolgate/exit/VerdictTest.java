package io.spoolgate.exit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerdictTest {

    @Test
    void rejectsCarryCodeTextAndPermanence() {
        Verdict reject = Verdict.rejectMessage(550, "5.7.1 no");
        assertThat(reject.kind()).isEqualTo(Verdict.Kind.REJECT_MESSAGE);
        assertThat(reject.code()).isEqualTo(550);
        assertThat(reject.text()).isEqualTo("5.7.1 no");
        assertThat(reject.isPermanent()).isTrue();
        assertThat(Verdict.rejectSession(421, "4.7.0 later").isPermanent()).isFalse();
        assertThat(Verdict.CONTINUE.isReject()).isFalse();
    }

    @Test
    void badCodesAndTextsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Verdict.rejectMessage(250, "x")).hasMessageContaining("400-599, got 250");
        assertThatThrownBy(() -> Verdict.rejectMessage(550, "a\r\nb")).hasMessageContaining("position 1");
        assertThatThrownBy(() -> Verdict.rejectMessage(550, "x".repeat(Verdict.MAX_TEXT_LENGTH + 1)))
            .hasMessageContaining("longer than 200");
        assertThat(Verdict.rejectMessage(550, "x".repeat(Verdict.MAX_TEXT_LENGTH)).text()).hasSize(200);
    }

    @Test
    void zosReturnCodesMapBothWays() {
        assertThat(Verdict.fromZosReturnCode(0, 550, "x")).isEqualTo(Verdict.CONTINUE);
        assertThat(Verdict.fromZosReturnCode(4, 550, "x")).isEqualTo(Verdict.ACCEPT);
        assertThat(Verdict.fromZosReturnCode(8, 421, "x").kind()).isEqualTo(Verdict.Kind.REJECT_SESSION);
        assertThat(Verdict.fromZosReturnCode(12, 550, "x").kind()).isEqualTo(Verdict.Kind.REJECT_MESSAGE);
        assertThat(Verdict.fromZosReturnCode(16, 550, "x")).as("anything else is continue").isEqualTo(Verdict.CONTINUE);
        assertThat(Verdict.Kind.REJECT_MESSAGE.zosReturnCode()).isEqualTo(12);
    }

    @Test
    void exitConfigParsesTypedParametersAndNamesBadOnes() {
        ExitConfig config = new ExitConfig("x", java.util.Map.of("n", "12", "b", "yes", "bad", "many"));
        assertThat(config.longParameter("n", 1)).isEqualTo(12);
        assertThat(config.longParameter("missing", 7)).isEqualTo(7);
        assertThat(config.booleanParameter("b", false)).isTrue();
        assertThatThrownBy(() -> config.longParameter("bad", 1)).hasMessageContaining("exit x: parameter bad");
    }
}
