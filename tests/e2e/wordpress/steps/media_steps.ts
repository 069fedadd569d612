/** Media: an image uploaded as the block editor does, resized by GD, used as a featured image. */
import assert from "node:assert/strict";
import { visibleText } from "../support/html.ts";
import type { PostRecord, RestMedia, RestPost } from "../support/rest_types.ts";
import { need, type WpStep } from "../support/wordpress_suite.ts";
import { adminRest } from "./content_steps.ts";

/** A PNG of the given size drawn by PHP's GD (the extension WordPress resizes with). */
async function _png(width: number, height: number): Promise<Uint8Array> {
  const code = `$i = imagecreatetruecolor(${width}, ${height});` +
    "imagefill($i, 0, 0, imagecolorallocate($i, 140, 100, 60)); imagepng($i);";
  const out = await new Deno.Command("php", { args: ["-r", code], stdout: "piped" }).output();
  assert.ok(out.success && out.stdout.length > 0, "php could not draw a PNG (is php-gd there?)");
  return out.stdout;
}

export const mediaSteps: WpStep[] = [
  {
    name: "an image is uploaded, resized and set as a post's featured image",
    async run(ctx) {
      const media = await ctx.admin.rest<RestMedia>("POST", "/wp/v2/media", {
        bytes: { data: await _png(640, 480), type: "image/png", filename: "marmot-photo.png" },
        nonce: need<string>(ctx, "restNonce"),
      });
      assert.equal(media.media_details.width, 640);
      assert.ok(media.media_details.sizes?.thumbnail, "no thumbnail was generated");
      const file = await ctx.visitor.get(media.source_url);
      assert.equal(file.headers.get("content-type"), "image/png");

      const post = need<PostRecord[]>(ctx, "posts")[11]!;
      const updated = await adminRest<RestPost>(ctx, "POST", `/wp/v2/posts/${post.id}`, {
        featured_media: media.id,
      });
      assert.equal(updated.featured_media, media.id);
      const library = await ctx.admin.get(`/wp-admin/upload.php?mode=list&s=marmot`);
      assert.match(visibleText(library.body), /marmot-photo/);
      const attachment = await ctx.admin.get(`/wp-admin/post.php?post=${media.id}&action=edit`);
      assert.match(visibleText(attachment.body), /Edit Media/);
    },
  },
];
