"""Shared StreamField vocabulary of the portal (正文块)."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题文字", max_length=120)
    size = blocks.ChoiceBlock(label="级别", choices=[("h2", "二级标题"), ("h3", "三级标题")], default="h2")

    class Meta:
        icon = "title"
        label = "小标题"
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图片说明", required=False, max_length=200)

    class Meta:
        icon = "image"
        label = "图片"
        template = "blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引文")
    source = blocks.CharBlock(label="出处", required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = "引用"
        template = "blocks/quote_block.html"


RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link", "hr", "superscript", "subscript"]


class BodyStreamBlock(blocks.StreamBlock):
    """Body of a resource or page: headings, paragraphs, figures and quotes."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="段落", icon="pilcrow", features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()

    class Meta:
        block_counts = {"heading": {"max_num": 40}}
