import jsQRModule from 'jsqr';
import sharp from 'sharp';

// jsqr is CommonJS whose types declare an ES default export: under NodeNext the import is the module object, and its
// `default` is the function (the UMD bundle sets both).
const jsQR = jsQRModule.default;

/** A box in an image's pixels, as the API's `qr_location` (and `face_location`). */
export interface PixelBox {
  top_left_x: number;
  top_left_y: number;
  bottom_right_x: number;
  bottom_right_y: number;
}

/** A QR code found in an image: what it says and where it is, in the image's own pixels. */
export interface QrCodeFound {
  content: string;
  location: PixelBox;
}

/**
 * Images are searched at most this large (longest side): jsQR's cost grows with the pixels (about 10-25 ms at this
 * size on the development machine), and a code too small to survive the shrink is too small to be scanned by a phone
 * from a screen either.
 */
const searchSide = 1024;

/**
 * Finds the QR code in an encoded image (the first one jsQR locates), searched at up to 1024 px with the location
 * scaled back to the image's `width` x `height`. Codes printed light on dark are not looked for (half the cost).
 */
export async function findQrCode(
  bytes: Buffer,
  size: { width: number; height: number },
  limitInputPixels: number,
): Promise<QrCodeFound | undefined> {
  const { data, info } = await sharp(bytes, { limitInputPixels, pages: 1 })
    .resize(searchSide, searchSide, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return locate(data, info.width, info.height, size.width / info.width, size.height / info.height);
}

/**
 * Finds the QR code in raw RGB pixels (a video frame, 640 x 640); the location is in those pixels. jsQR runs on the
 * event loop, so pixels over the search size are refused rather than searched: the caller scales them first.
 */
export function findQrCodeInPixels(rgb: Buffer, width: number, height: number): QrCodeFound | undefined {
  if (Math.max(width, height) > searchSide) throw new RangeError(`QR search over ${searchSide} px: ${width}x${height}`);
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i]!;
    rgba[j + 1] = rgb[i + 1]!;
    rgba[j + 2] = rgb[i + 2]!;
    rgba[j + 3] = 255;
  }
  return locate(rgba, width, height, 1, 1);
}

function locate(rgba: Buffer, width: number, height: number, scaleX: number, scaleY: number) {
  const code = jsQR(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), width, height, {
    inversionAttempts: 'dontInvert',
  });
  // A code that holds no text (or only binary jsQR cannot read as text) has nothing to moderate or report.
  if (!code || code.data === '') return undefined;
  const corners = [
    code.location.topLeftCorner,
    code.location.topRightCorner,
    code.location.bottomLeftCorner,
    code.location.bottomRightCorner,
  ];
  const xs = corners.map((p) => p.x * scaleX);
  const ys = corners.map((p) => p.y * scaleY);
  const clamp = (v: number, max: number) => Math.min(Math.max(Math.round(v), 0), Math.round(max));
  return {
    content: code.data,
    location: {
      top_left_x: clamp(Math.min(...xs), width * scaleX),
      top_left_y: clamp(Math.min(...ys), height * scaleY),
      bottom_right_x: clamp(Math.max(...xs), width * scaleX),
      bottom_right_y: clamp(Math.max(...ys), height * scaleY),
    },
  };
}
