/**
 * The store's services to Huibo's own bundles, apart from those integrators use: how the engine,
 * the binding service, the API and the webhooks keep what they must keep. Only the store bundle
 * holds the database; the others reach their tables through these interfaces, each operation
 * atomic. Adapters and integrators use {@code io.huibo.api} and {@code io.huibo.api.adapter}
 * instead.
 */
@Export
@Version("1.0.0")
package io.huibo.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
