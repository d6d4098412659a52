package io.huibo.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.huibo.api.ButtonScope;
import io.huibo.api.ButtonToken;
import io.huibo.api.ButtonTokens;
import io.huibo.api.PhoneNumber;

/**
 * A demo ERP at {@code /huibo/demo/}: a list of bookings with a call button each. It plays
 * both halves of an ERP: its "backend" mints a button token per row on the server, and the page
 * it sends holds only those tokens and masked numbers, as a real ERP page must.
 */
@Component(service = Servlet.class, configurationPid = "io.huibo.demo", configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"osgi.http.whiteboard.servlet.pattern=/huibo/demo/*", "osgi.http.whiteboard.servlet.name=huibo-demo"})
@Designate(ocd = DemoConfig.class)
public class DemoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ButtonTokens tokens;
    private final transient DemoConfig config;
    private final transient PhoneNumber agent;
    private final transient List<DemoBooking> bookings;
    private final String page;

    @Activate
    public DemoServlet(@Reference ButtonTokens tokens, DemoConfig config) {
        this.tokens = tokens;
        this.config = config;
        this.agent = config.enabled() ? PhoneNumber.ofE164(config.agent()) : null;
        this.bookings = config.enabled() ? DemoBooking.parse(config.bookings()) : List.of();
        this.page = template();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!config.enabled()) {
            response.sendError(404, "the demo ERP page is turned off (etc/io.huibo.demo.cfg)");
            return;
        }
        if (request.getPathInfo() == null) {
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        StringBuilder rows = new StringBuilder();
        for (DemoBooking booking : bookings) {
            rows.append(row(booking));
        }
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        // each view mints fresh tokens: a cached page would hold spent or expired ones
        response.setHeader("Cache-Control", "no-store");
        try (Writer out = response.getWriter()) {
            out.write(page.replace("{{rows}}", rows));
        }
    }

    private String row(DemoBooking booking) {
        ButtonToken token = tokens.mint(config.tenant(), ButtonScope.pair(agent, booking.customer()), null,
                Duration.ofSeconds(config.tokenTtlSeconds()));
        return "<tr data-booking=\"" + html(booking.reference()) + "\"><td>" + html(booking.reference()) + "</td><td>"
                + html(booking.guest()) + "</td><td>" + html(booking.what()) + "</td><td class=\"number\">"
                + html(booking.customer().masked()) + "</td><td><span data-huibo-token=\"" + html(token.token())
                + "\"></span></td></tr>\n";
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String template() {
        try (InputStream in = DemoServlet.class.getResourceAsStream("demo.html")) {
            if (in == null) {
                throw new IllegalStateException("demo.html is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
