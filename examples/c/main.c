/* Decode an image through pristine's C ABI and print what it is.
 * Usage: pristine_example_c <image> */
#include <stdio.h>
#include <string.h>

#include <pristine.h>

int main(int argc, char** argv) {
    pristine_image* image = NULL;
    pristine_image_info info;
    uint64_t colors = 0;
    pristine_status status;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <image>\n", argv[0]);
        return 2;
    }
    /* Header and library must share the major version. */
    if (pristine_version() / 10000 != PRISTINE_C_VERSION_MAJOR) {
        fprintf(stderr, "libpristine_c %s does not match pristine.h %d.x\n", pristine_version_string(),
                PRISTINE_C_VERSION_MAJOR);
        return 1;
    }

    status = pristine_image_load_file(argv[1], NULL, &image);
    if (status != PRISTINE_OK) {
        fprintf(stderr, "error: %s: %s\n", pristine_status_name(status), pristine_last_error());
        return 1;
    }
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    if (pristine_image_get_info(image, &info) != PRISTINE_OK ||
        pristine_image_count_colors(image, &colors) != PRISTINE_OK) {
        fprintf(stderr, "error: %s\n", pristine_last_error());
        pristine_image_free(image);
        return 1;
    }
    printf("%s: %s %dx%d, %d channels decoded, %llu bytes, %llu colours\n", argv[1],
           pristine_format_name((pristine_format)info.format), pristine_image_width(image),
           pristine_image_height(image), pristine_image_channels(image), (unsigned long long)info.file_size,
           (unsigned long long)colors);
    if (info.format == PRISTINE_FORMAT_JPEG)
        printf("jpeg quality ~%d, progressive %d\n", info.jpeg_quality, info.jpeg_progressive);
    pristine_image_free(image);
    return 0;
}
