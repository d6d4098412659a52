/**
 * What vendor adapters share beyond the SPI: reading a vendor's JSON event field by field, and
 * finding who holds a role now with a configured fallback. Exported by the adapter core, which
 * every Huibo install runs.
 */
@Export
@Version("1.0.0")
package io.huibo.adapters.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
