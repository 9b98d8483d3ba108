// Decode an image with the C++ API and print its metadata.
// Usage: pristine_example_cpp <image>
#include <iostream>

#include <pristine/io/image_io.hpp>
#include <pristine/version.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " <image>\n";
        return 2;
    }
    try {
        const pristine::Decoded d = pristine::decode_file(argv[1]);
        const pristine::ImageInfo& info = d.info;
        std::cout << argv[1] << ": " << pristine::format_name(info.format) << ' ' << info.width << 'x'
                  << info.height << ", " << d.image.channels() << " channels decoded, " << info.file_size
                  << " bytes, " << pristine::count_colors(d.image.view()) << " colours (pristine "
                  << PRISTINE_VERSION_MAJOR << '.' << PRISTINE_VERSION_MINOR << '.' << PRISTINE_VERSION_PATCH
                  << ")\n";
        if (info.jpeg)
            std::cout << "jpeg quality ~" << info.jpeg->quality_estimate << ", subsampling "
                      << info.jpeg->subsampling << (info.jpeg->progressive ? ", progressive" : "") << '\n';
    } catch (const pristine::Error& e) {
        std::cerr << "error: " << pristine::status_name(e.status()) << ": " << e.what() << '\n';
        return 1;
    }
    return 0;
}
