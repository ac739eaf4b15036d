/* scanify — make a "scan" of rendered pages for the OCR tests: each grey page image
 * (PGM/PNG, e.g. from `pdftoppm -gray -r 200`) is turned by a small angle, given
 * Gaussian noise and a few specks, and the pages are written as one image-only PDF
 * (leptonica's PDF writer: no text layer at all) and, optionally, the first page as a
 * PNG and every page as one multi-page TIFF. Deterministic for a given --seed.
 *
 * usage: scanify [--skew DEG] [--noise SIGMA] [--seed N] [--dpi N] [--png OUT.png]
 *                [--tiff OUT.tif] OUT.pdf PAGE...
 * Built only with Tesseract's leptonica (tests/CMakeLists.txt). */
#include <leptonica/allheaders.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long rnd_state = 1;

static unsigned long rnd(void)
{
    rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
    return rnd_state >> 33;
}

/* Dark specks of one to three pixels, as dust on a scanner's glass. */
static void specks(PIX *p, int n)
{
    int w = (int)pixGetWidth(p), h = (int)pixGetHeight(p);
    for (int i = 0; i < n; i++) {
        int x = (int)(rnd() % (unsigned long)w), y = (int)(rnd() % (unsigned long)h);
        int s = 1 + (int)(rnd() % 3);
        for (int dy = 0; dy < s && y + dy < h; dy++)
            for (int dx = 0; dx < s && x + dx < w; dx++)
                pixSetPixel(p, x + dx, y + dy, 40);
    }
}

int main(int argc, char **argv)
{
    double skew = 0, noise = 0;
    int dpi = 200;
    const char *png = NULL, *tiff = NULL;
    int i = 1;
    for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
        if (!strcmp(argv[i], "--skew"))
            skew = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--noise"))
            noise = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed"))
            rnd_state = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--dpi"))
            dpi = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--png"))
            png = argv[i + 1];
        else if (!strcmp(argv[i], "--tiff"))
            tiff = argv[i + 1];
        else
            break;
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: scanify [--skew DEG] [--noise SIGMA] [--seed N] [--dpi N] "
                        "[--png OUT.png] [--tiff OUT.tif] OUT.pdf PAGE...\n");
        return 2;
    }
    setMsgSeverity(L_SEVERITY_ERROR);
    srand((unsigned)rnd_state); /* pixAddGaussianNoise draws from rand() */
    const char *out = argv[i++];
    PIXA *pages = pixaCreate(argc - i);
    for (; i < argc; i++) {
        PIX *p = pixRead(argv[i]);
        if (!p) {
            fprintf(stderr, "scanify: %s: cannot read\n", argv[i]);
            return 1;
        }
        PIX *g = pixConvertTo8(p, 0);
        pixDestroy(&p);
        if (skew != 0) {
            PIX *r =
                pixRotate(g, (float)(skew * M_PI / 180), L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
            pixDestroy(&g);
            g = r;
        }
        if (noise > 0) {
            PIX *n = pixAddGaussianNoise(g, (float)noise);
            pixDestroy(&g);
            g = n;
            specks(g, 300);
        }
        pixSetResolution(g, dpi, dpi);
        if (png && pixaGetCount(pages) == 0 && pixWrite(png, g, IFF_PNG) != 0) {
            fprintf(stderr, "scanify: %s: cannot write\n", png);
            return 1;
        }
        if (tiff && pixWriteTiff(tiff, g, IFF_TIFF_ZIP, pixaGetCount(pages) ? "a" : "w") != 0) {
            fprintf(stderr, "scanify: %s: cannot write\n", tiff);
            return 1;
        }
        pixaAddPix(pages, g, L_INSERT);
    }
    if (pixaConvertToPdf(pages, dpi, 1.0, L_FLATE_ENCODE, 0, "scan", out) != 0) {
        fprintf(stderr, "scanify: %s: cannot write\n", out);
        return 1;
    }
    pixaDestroy(&pages);
    return 0;
}
