package io.spoolgate.addressing.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.junit.jupiter.api.Test;

class AddressHeaderRewriterTest {

    private final MasqueradeRules rules = new MasqueradeRules("vm.example", List.of("vm.example", "corp.example"),
        Set.of("postmaster", "root"), Set.of("VMNODE"));
    private final AddressHeaderRewriter rewriter = new AddressHeaderRewriter(rules);

    private static List<Mailbox> mailboxes(String value) {
        return LenientAddressParser.DEFAULT.parseAddressList(value).flatten();
    }

    @Test
    void subDomainsBecomeTheMasqueradeDomainAndDisplayNamesStay() {
        assertThat(rewriter.rewriteAddressList(" John Doe <john@host1.sub.vm.example>"))
            .isEqualTo(" John Doe <john@vm.example>");
        assertThat(rewriter.rewriteAddressList("a@x.corp.example, b@vm.example, c@other.example"))
            .isEqualTo("a@corp.example, b@vm.example, c@other.example");
    }

    @Test
    void exceptionsAndTheDomainItselfAreLeftAlone() {
        assertThat(rewriter.rewriteAddressList("postmaster@host.vm.example, \"Root\" <ROOT@host.vm.example>"))
            .isEqualTo("postmaster@host.vm.example, \"Root\" <ROOT@host.vm.example>");
        assertThat(rewriter.rewriteAddressList("x@notvm.example")).isEqualTo("x@notvm.example");
    }

    @Test
    void bareLocalPartsAndAtNodeFormsAreQualified() {
        assertThat(rewriter.rewriteAddressList("USER1")).isEqualTo("USER1@vm.example");
        assertThat(rewriter.rewriteAddressList("USER1 AT VMNODE")).isEqualTo("USER1@vm.example");
        assertThat(rewriter.rewriteAddressList("USER1 at OTHERVM")).isEqualTo("USER1@othervm.vm.example");
        assertThat(rewriter.rewriteAddressList("Fred Smith <USER3>")).isEqualTo("Fred Smith <USER3@vm.example>");
        assertThat(rewriter.rewriteAddressList("first.last")).isEqualTo("first.last@vm.example");
    }

    @Test
    void quotedLocalPartsCommentsAndEncodedWordsAreKeptByteForByte() {
        String value = " =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= (Abteilung \\(IT\\)) <\"j\\\"m @x\"@a.b.vm.example> (work)";
        String out = rewriter.rewriteAddressList(value);
        assertThat(out).isEqualTo(" =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= (Abteilung \\(IT\\)) <\"j\\\"m @x\"@vm.example> (work)");
        Mailbox before = mailboxes(value).get(0);
        Mailbox after = mailboxes(out).get(0);
        assertThat(after.getName()).isEqualTo(before.getName()).isEqualTo("Jürgen Müller");
        assertThat(after.getLocalPart()).isEqualTo(before.getLocalPart());
        assertThat(after.getDomain()).isEqualTo("vm.example");
    }

    @Test
    void groupsKeepTheirNameAndTheirMembersAreRewritten() {
        String value = "Team: a@h.vm.example, \"B, Jr.\" <b@h.vm.example>;, c@h.corp.example";
        String out = rewriter.rewriteAddressList(value);
        assertThat(out).isEqualTo("Team: a@vm.example, \"B, Jr.\" <b@vm.example>;, c@corp.example");
        assertThat(rewriter.rewriteAddressList("undisclosed-recipients:;")).isEqualTo("undisclosed-recipients:;");
        assertThat(mailboxes(out)).extracting(Mailbox::getAddress)
            .containsExactly("a@vm.example", "b@vm.example", "c@corp.example");
    }

    @Test
    void foldedHeadersKeepTheirFolding() {
        String value = " \"Doe, John\"\r\n\t<john@mail.vm.example>,\r\n jane@mail.vm.example (Jane)";
        assertThat(rewriter.rewriteAddressList(value))
            .isEqualTo(" \"Doe, John\"\r\n\t<john@vm.example>,\r\n jane@vm.example (Jane)");
    }

    @Test
    void returnPathAndSourceRoutes() {
        assertThat(rewriter.rewriteAddressList("<>")).isEqualTo("<>");
        assertThat(rewriter.rewriteAddressList("<bounce@relay.vm.example>")).isEqualTo("<bounce@vm.example>");
        assertThat(rewriter.rewriteAddressList("<@a.example,@b.example:u@h.vm.example>"))
            .isEqualTo("<@a.example,@b.example:u@vm.example>");
    }

    @Test
    void messageIdHostIsMasqueraded() {
        assertThat(rewriter.rewriteMessageId(" <1234.abc@host7.vm.example>")).isEqualTo(" <1234.abc@vm.example>");
        assertThat(rewriter.rewriteMessageId(" <1234.abc@elsewhere.example>")).isEqualTo(" <1234.abc@elsewhere.example>");
        assertThat(rewriter.rewriteMessageId("garbage")).isEqualTo("garbage");
    }

    @Test
    void garbageIsNotTurnedIntoAddresses() {
        assertThat(rewriter.rewriteAddressList("=?utf-8?q?x?=")).isEqualTo("=?utf-8?q?x?=");
        assertThat(rewriter.rewriteAddressList("two words")).isEqualTo("two words");
        assertThat(rewriter.rewriteAddressList("(only a comment)")).isEqualTo("(only a comment)");
        assertThat(rewriter.rewriteAddressList("\"unterminated <x@h.vm.example>"))
            .isEqualTo("\"unterminated <x@h.vm.example>");
        assertThat(rewriter.rewriteAddressList("")).isEmpty();
    }

    @Test
    void rewriteFieldsParseAndRefuseUnknownNames() {
        assertThat(RewriteField.parseList("from, envelope-sender message-id"))
            .containsExactlyInAnyOrder(RewriteField.FROM, RewriteField.ENVELOPE_SENDER, RewriteField.MESSAGE_ID);
        assertThat(RewriteField.parseList("all")).hasSize(RewriteField.values().length);
        assertThatThrownBy(() -> RewriteField.parseList("from, subject")).hasMessageContaining("'subject'");
    }
}
