# A fresh scratch folder for test_capi_moves: DST/photos holding copies of the sample files FILES
# (the test moves and restores them; the samples themselves are never touched).
# Usage: cmake -DDST=<folder> -DFILES=<a;b;...> -P prepare_moves.cmake
file(REMOVE_RECURSE ${DST})
file(MAKE_DIRECTORY ${DST}/photos)
file(COPY ${FILES} DESTINATION ${DST}/photos)
