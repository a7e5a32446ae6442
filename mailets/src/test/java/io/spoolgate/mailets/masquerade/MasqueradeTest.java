package io.spoolgate.mailets.masquerade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class MasqueradeTest {

    private static final String BODY = "Line one mentions user@host.vm.example.\r\n"
        + "From: not-a-header@host.vm.example\r\n\r\n.. and a blank line above\r\n";

    private static DomainList defaultDomain(String domain) {
        return (DomainList) Proxy.newProxyInstance(MasqueradeTest.class.getClassLoader(), new Class<?>[] {DomainList.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getDefaultDomain")) {
                    return Domain.of(domain);
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }

    private static Masquerade mailet(String... params) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("Masquerade")
            .mailetContext(FakeMailContext.defaultContext());
        for (int i = 0; i < params.length; i += 2) {
            config.setProperty(params[i], params[i + 1]);
        }
        Masquerade m = new Masquerade(defaultDomain("vm.example"));
        m.init(config.build());
        return m;
    }

    private static MailImpl mail(String headers) throws Exception {
        byte[] raw = (headers + "\r\n" + BODY).getBytes(StandardCharsets.UTF_8);
        MimeMessageWrapper message = new MimeMessageWrapper(
            MimeMessageInputStreamSource.create("m1", new ByteArrayInputStream(raw)));
        return MailImpl.builder().name("m1").sender(new MailAddress("user1@host.vm.example"))
            .addRecipient(new MailAddress("someone@node.vm.example")).mimeMessage(message).build();
    }

    private static String written(MailImpl mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaultsRewriteSenderFieldsButNotRecipientsAndKeepTheBody() throws Exception {
        MailImpl mail = mail("From: Fred <fred@a.b.vm.example>\r\nTo: bob@x.vm.example\r\nSubject: hi\r\n");
        mailet().service(mail);
        assertThat(mail.getMaybeSender().get().asString()).isEqualTo("user1@vm.example");
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("someone@node.vm.example");
        String out = written(mail);
        assertThat(out).contains("From: Fred <fred@vm.example>\r\n").contains("To: bob@x.vm.example\r\n");
        assertThat(out.substring(out.indexOf("\r\n\r\n") + 4)).isEqualTo(BODY);
    }

    @Test
    void chosenFieldsOnlyAndExceptions() throws Exception {
        MailImpl mail = mail("From: root@h.vm.example\r\nCc: USER3\r\nReply-To: r@h.vm.example\r\n");
        mailet("rewrite", "cc, envelope-recipients", "exceptions", "root").service(mail);
        assertThat(mail.getMaybeSender().get().asString()).isEqualTo("user1@host.vm.example");
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("someone@vm.example");
        String out = written(mail);
        assertThat(out).contains("From: root@h.vm.example\r\n").contains("Cc: USER3@vm.example\r\n")
            .contains("Reply-To: r@h.vm.example\r\n");
    }

    @Test
    void badParametersStopTheMailet() {
        assertThatThrownBy(() -> mailet("rewrite", "from, body")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("'body'");
    }
}
