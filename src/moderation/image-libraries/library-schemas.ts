import { Type } from '@sinclair/typebox';
import { aisAnswer } from '../../errors/schema-answers.js';
import { compileBodyCheck } from '../../errors/schema-check.js';
import { libraryCategories, libraryLimits } from './library-store.js';

const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const orAbsent = (values: readonly string[]) => Type.Union([...values.map((v) => Type.Literal(v)), Type.Null()]);

/** A library's name, as glossaries' and policies' names are. */
export const libraryNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const ProjectLibraryParams = Type.Object({ project_id: Type.String(), name: Type.String() });
export const ProjectLibraryImageParams = Type.Object({
  project_id: Type.String(),
  name: Type.String(),
  image_id: Type.String(),
});
export const OperatorLibraryParams = Type.Object({ name: Type.String() });
export const OperatorLibraryImageParams = Type.Object({ name: Type.String(), image_id: Type.String() });

/** A library's settings, checked in this order (category required, AIS.0011; a value not listed, AIS.0012). */
export const LibraryBody = Type.Object({
  category: oneOf(libraryCategories),
  type: Type.Optional(Type.Union([...orAbsent(['black', 'white']).anyOf], { default: 'black' })),
  suggestion: Type.Optional(
    Type.Union([...orAbsent(['block', 'review']).anyOf], {
      default: 'block',
      description: "A black library's hit: block or review. A white library's hit passes the image for its category.",
    }),
  ),
});

/** Hashes imported without their images: 16 hex digits each (the pHash `GET .../images` shows). */
export const HashImportBody = Type.Object({
  hashes: Type.Array(Type.String({ pattern: '^[0-9a-fA-F]{16}$' }), {
    minItems: 1,
    maxItems: libraryLimits.hashesPerImport,
    description: 'Perceptual hashes, 16 hex digits each (64-bit DCT pHash, as this API computes them)',
  }),
});

export const LibraryView = Type.Object({
  name: Type.String(),
  category: oneOf(libraryCategories),
  type: oneOf(['black', 'white']),
  suggestion: oneOf(['block', 'review']),
  image_count: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export const LibraryList = Type.Object({ total: Type.Integer(), image_libraries: Type.Array(LibraryView) });
const LibraryImage = Type.Object({ image_id: Type.String(), hash: Type.String(), created_at: Type.String() });
export const AddedImage = Type.Object({ image_id: Type.String(), hash: Type.String() });
export const ImportedHashes = Type.Object({ total: Type.Integer(), images: Type.Array(AddedImage) });
export const LibraryImages = Type.Object({ total: Type.Integer(), images: Type.Array(LibraryImage) });
export const ImagesQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: libraryLimits.pageSize, default: 100 })),
});

const answer = aisAnswer();
export const checkLibraryBody = compileBodyCheck(LibraryBody, answer);
export const checkHashImport = compileBodyCheck(HashImportBody, answer);
