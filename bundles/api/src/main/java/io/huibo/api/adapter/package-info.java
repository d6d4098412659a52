/**
 * The adapter SPI: how a vendor's adapter bundle turns that vendor's workflow (bookings, queues,
 * HL7 schedules…) into callbacks and bindings without telephony code. An {@link Adapter} is an
 * OSGi service; Huibo mounts its endpoints under {@code /adapters/{vendor}/} while it is
 * registered and runs the actions it scheduled. The services it may use are Huibo's own
 * ({@code CallbackService}, {@code BindingService}, {@code ButtonTokens}) and those declared here.
 */
@Export
@Version("1.1.0")
package io.huibo.api.adapter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
