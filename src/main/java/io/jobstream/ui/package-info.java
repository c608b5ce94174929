/**
 * The dashboard: a browser application served by jobstream itself at {@code /ui/}, made of
 * static ES modules and CSS (no build step) that call the public API with the user's own
 * token, got by OpenID Connect authorization code with PKCE. This package serves its page,
 * its settings and its Content-Security-Policy; the page itself is under
 * {@code static/ui}.
 */
@NullMarked
package io.jobstream.ui;

import org.jspecify.annotations.NullMarked;
