# shellcheck shell=bash
# photo_office.jpg: a photo-like picture without any text (blurred plasma light over a bright-top/dark-bottom
# gradient), stored 1200x900 with EXIF Orientation 6 ("rotate 90° clockwise to display"), so a viewer that honours
# the tag shows it 900x1200 with the bright edge on the right.

make_photo() {
  local out="$HERE/photo_office.jpg"
  convert -size 1200x900 -seed 7 plasma:'#c9b79c-#5b6770' -blur 0x12 -modulate 100,25 \
    \( -size 1200x900 gradient:'#fff4e0-#2a2a30' \) -compose Overlay -composite \
    \( -size 1200x900 xc:none -fill '#ffffffb0' -draw 'rectangle 80,40 520,330' -draw 'rectangle 640,40 1080,330' \
       -blur 0x18 \) -compose Screen -composite \
    \( -size 1200x900 xc:none -fill '#3b2f2a' -draw 'rectangle 0,690 1200,900' -blur 0x6 \) -compose Over -composite \
    -seed 8 -attenuate 0.25 +noise Gaussian -blur 0x0.8 \
    -strip -sampling-factor 2x2 -quality 82 -units PixelsPerInch -density 72 "$out"
  set_exif_orientation "$out" 6
}
