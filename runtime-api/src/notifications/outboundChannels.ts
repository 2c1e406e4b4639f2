import nodemailer from 'nodemailer';

/** One outbound message as the outbox holds it. */
export interface OutboundMessage {
  /** The outbox row id: the message's identity, sent as its Message-ID so receivers can dedupe. */
  id: string;
  recipient: string;
  subject: string;
  body: string;
}

/**
 * An outbound channel (e-mail, SMS). `send` resolves when the provider accepted the message and
 * returns its id; it throws when the message should be tried again later.
 */
export interface OutboundChannel {
  send(message: OutboundMessage): Promise<{ providerMessageId: string | null }>;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Refuse a plain connection when the server offers no STARTTLS (default false: local relays). */
  requireTls?: boolean;
}

/** E-mail through an SMTP server (nodemailer). */
export function smtpChannel(settings: SmtpSettings): OutboundChannel {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    requireTLS: settings.requireTls ?? false,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: settings.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        messageId: `<outbox-${message.id}@yijian>`,
      });
      return { providerMessageId: info.messageId ?? null };
    },
  };
}

/**
 * SMS: no gateway is configured by default, so an SMS stays in the outbox table (its row is the
 * record an operator or a gateway integration reads): `send` accepts it without sending anything.
 * A province's SMS gateway implements OutboundChannel and replaces this one.
 */
export const outboxOnlySmsChannel: OutboundChannel = {
  async send() {
    return { providerMessageId: null };
  },
};

/** The channels the outbox delivers through; a channel that is not configured keeps its rows pending. */
export interface OutboundChannels {
  email?: OutboundChannel;
  sms?: OutboundChannel;
}

/**
 * The channels of this node from the environment: e-mail when SMTP_HOST is set (SMTP_PORT,
 * SMTP_SECURE, SMTP_USER, SMTP_PASSWORD, SMTP_FROM); SMS always, through the outbox-only default.
 */
export function outboundChannelsFromEnv(env: NodeJS.ProcessEnv): OutboundChannels {
  return {
    sms: outboxOnlySmsChannel,
    ...(env.SMTP_HOST
      ? {
          email: smtpChannel({
            host: env.SMTP_HOST,
            port: Number(env.SMTP_PORT ?? 25),
            secure: env.SMTP_SECURE === 'true',
            user: env.SMTP_USER,
            password: env.SMTP_PASSWORD,
            from: env.SMTP_FROM ?? 'Yijian 一件 <noreply@localhost>',
          }),
        }
      : {}),
  };
}
