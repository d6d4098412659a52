/**
 * Records at rest: how a bundle that keeps real phone numbers in the database (an API answer to
 * replay, a webhook payload) stores them sealed under the install's master key, never in clear.
 */
@Export
@Version("1.0.0")
package io.huibo.api.vault;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
