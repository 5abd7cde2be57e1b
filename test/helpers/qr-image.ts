import QRCode from 'qrcode';
import sharp from 'sharp';

/** Where qrImage puts its code, and how large it draws it (quiet zone included). */
export const qrPlacement = { left: 120, top: 90, side: 240 };

/**
 * A 640x480 PNG of a light scene with a QR code (made by the `qrcode` package) saying `content` at qrPlacement, as a
 * flyer or a screenshot would carry one.
 */
export async function qrImage(content: string): Promise<Buffer> {
  const code = await QRCode.toBuffer(content, { width: qrPlacement.side, margin: 2 });
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#d8dde3' } })
    .composite([{ input: code, left: qrPlacement.left, top: qrPlacement.top }])
    .png()
    .toBuffer();
}
