/* fuzz_shapes.c — libFuzzer target for shapes.c: the input is a grey image (two bytes
 * of width, then rows of pixels; a byte sets the scale), so that any arrangement of ink
 * (boxes, combs, grids, specks) is searched. Every shape found must lie inside the
 * image and be well formed. */
#include "shapes.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    int w = 1 + (data[0] | (data[1] & 0x03) << 8); /* 1..1024 */
    double scale = 0.75 + (data[2] % 16) * 0.25;   /* 0.75..4.5 px/pt */
    data += 3;
    size -= 3;
    int h = (int)(size / (size_t)w);
    if (h < 1)
        return 0;
    fa_gray img = {.px = data, .w = w, .h = h, .stride = (size_t)w, .scale = scale};
    fa_shapes out = {0};
    if (fa_shapes_find(&img, &out) == FA_OK)
        for (size_t i = 0; i < out.n; i++) {
            const fa_shape *s = &out.v[i];
            if (s->x1 < -0.01 || s->y1 < -0.01 || s->x2 > w / scale + 0.01 ||
                s->y2 > h / scale + 0.01 || s->x2 < s->x1 || s->y2 < s->y1 ||
                (s->kind == FA_SH_COMB && s->cells < 1))
                __builtin_trap();
        }
    fa_shapes_free(&out);
    return 0;
}
