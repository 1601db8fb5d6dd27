/* md_ecommerce.c - Segment's e-commerce spec v2 in Matomo Ecommerce: product and category views,
 * the whole remembered cart on every change, orders, site search; md_cart_export/import. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "md_internal.h"
#include "port/md_host.h"

/* A product as an event gives it: texts borrowed from the event (or a cart's pool). */
typedef struct md_product {
    const char *sku;
    size_t sku_length;
    const char *name;
    size_t name_length;
    const char *category;
    size_t category_length;
    double price;
    int has_price;
    double quantity;
    int has_quantity;
    char sku_scratch[32];
    char name_scratch[32];
    char category_scratch[32];
} md_product;

/* Reads a product: sku = sku, else product_id; name, category, price; quantity a whole number
 * >= 1 (else 1). Returns 0 for a product with neither sku nor product_id. */
static int md_read_product(const cJSON *item, md_product *product)
{
    double quantity;

    memset(product, 0, sizeof *product);
    product->sku = md_read_text(md_get(item, "sku"), product->sku_scratch, 0, &product->sku_length);
    if (product->sku == NULL) {
        product->sku =
            md_read_text(md_get(item, "product_id"), product->sku_scratch, 0, &product->sku_length);
    }
    product->name = md_read_text(md_get(item, "name"), product->name_scratch, 0, &product->name_length);
    product->category = md_read_text(md_get(item, "category"), product->category_scratch, 0,
                                     &product->category_length);
    product->has_price = md_read_amount(md_get(item, "price"), &product->price);
    product->has_quantity = md_read_number(md_get(item, "quantity"), &quantity) && quantity >= 1 &&
                            quantity <= 1e9 && quantity == floor(quantity);
    product->quantity = product->has_quantity ? quantity : 1;
    return product->sku != NULL;
}

/* Copies 'length' bytes of 'text' (cut to MD_CART_TEXT units) into the pool; returns its offset,
 * or (size_t)-1 when the pool is full. */
static size_t md_pool_text(md_cart *cart, const char *text, size_t length)
{
    size_t offset = cart->used;
    if (text == NULL) {
        length = 0;
    }
    length = md_cut_text(text != NULL ? text : "", length, MD_CART_TEXT);
    if (offset + length + 1 > MD_CART_POOL) {
        return (size_t)-1;
    }
    memcpy(cart->pool + offset, text != NULL ? text : "", length);
    cart->pool[offset + length] = '\0';
    cart->used += length + 1;
    return offset;
}

/* Appends a line for 'product' with 'quantity'; returns 0 (adding nothing) when the cart is
 * full. */
static int md_cart_append(md_cart *cart, const md_product *product, double quantity)
{
    md_cart_line *line = &cart->lines[cart->count];
    size_t used = cart->used;

    if (cart->count == MD_CART_LINES) {
        return 0;
    }
    line->sku = md_pool_text(cart, product->sku, product->sku_length);
    line->name = md_pool_text(cart, product->name, product->name_length);
    line->category = md_pool_text(cart, product->category, product->category_length);
    if (line->sku == (size_t)-1 || line->name == (size_t)-1 || line->category == (size_t)-1) {
        cart->used = used;
        return 0;
    }
    line->price = product->price;
    line->has_price = product->has_price;
    line->quantity = quantity;
    cart->count++;
    return 1;
}

/* The product of a cart line (texts in the pool). */
static void md_line_product(const md_cart *cart, const md_cart_line *line, md_product *product)
{
    memset(product, 0, sizeof *product);
    product->sku = cart->pool + line->sku;
    product->sku_length = strlen(product->sku);
    product->name = cart->pool + line->name;
    product->name_length = strlen(product->name);
    product->category = cart->pool + line->category;
    product->category_length = strlen(product->category);
    product->price = line->price;
    product->has_price = line->has_price;
    product->quantity = line->quantity;
}

/* The index of the line of 'sku' (as a cart would store it), or cart->count. */
static size_t md_cart_find(const md_cart *cart, const char *sku, size_t length)
{
    size_t i;
    length = md_cut_text(sku, length, MD_CART_TEXT);
    for (i = 0; i < cart->count; i++) {
        const char *line_sku = cart->pool + cart->lines[i].sku;
        if (strlen(line_sku) == length && memcmp(line_sku, sku, length) == 0) {
            break;
        }
    }
    return i;
}

/* Rebuilds 'cart' from 'from' with line 'index' replaced by 'replacement' (left out when
 * NULL) and every other line as it was, in the same order. */
static void md_cart_copy(md_cart *cart, const md_cart *from, size_t index,
                         const md_product *replacement)
{
    size_t i;
    cart->count = 0;
    cart->used = 0;
    for (i = 0; i < from->count; i++) {
        md_product product;
        if (i == index) {
            if (replacement != NULL) {
                md_cart_append(cart, replacement, replacement->quantity);
            }
            continue;
        }
        md_line_product(from, &from->lines[i], &product);
        md_cart_append(cart, &product, from->lines[i].quantity);
    }
}

static double md_round_cents(double amount)
{
    /* past 1e15 a double holds no cents, and amount * 100 could overflow */
    return fabs(amount) < 1e15 ? floor(amount * 100 + 0.5) / 100 : amount;
}

static void md_write_item(md_context *context, const md_product *product)
{
    md_begin(context, "addEcommerceItem");
    md_arg_text(context, product->sku, product->sku_length);
    md_arg_text(context, product->name != NULL ? product->name : "", product->name_length);
    md_arg_text(context, product->category != NULL ? product->category : "",
                product->category_length);
    if (product->has_price) {
        md_arg_number(context, product->price);
    } else {
        md_arg_undefined(context); /* the tracker counts it as 0 */
    }
    md_arg_number(context, product->quantity);
    md_end(context);
}

/* ['clearEcommerceCart'], then one addEcommerceItem per line. Returns Σ price × quantity. */
static double md_write_items(md_context *context, const md_cart *cart)
{
    double total = 0;
    size_t i;
    md_begin(context, "clearEcommerceCart");
    md_end(context);
    for (i = 0; i < cart->count; i++) {
        md_product product;
        md_line_product(cart, &cart->lines[i], &product);
        md_write_item(context, &product);
        total += product.has_price ? product.price * product.quantity : 0;
    }
    return total;
}

/* Sends the whole remembered cart: the items, then trackEcommerceCartUpdate(total). */
static void md_write_cart(md_context *context)
{
    double total = md_write_items(context, &context->state->cart);
    md_begin_hit(context, "trackEcommerceCartUpdate");
    md_arg_number(context, md_round_cents(total));
    md_end_hit(context, 0); /* cart hits take no custom data */
}

/* Makes 'cart' the remembered cart (it changed). */
static void md_keep_cart(md_context *context, const md_cart *cart)
{
    if (cart != &context->state->cart) {
        memcpy(&context->state->cart, cart, sizeof *cart);
    }
    context->state->cart_version++;
}

/* A cart in per-call memory, or NULL (then the output is marked failed). */
static md_cart *md_new_cart(md_context *context)
{
    md_cart *cart = (md_cart *)malloc(sizeof *cart);
    if (cart == NULL) {
        context->out->failed = 1;
    } else {
        cart->count = 0;
        cart->used = 0;
    }
    return cart;
}

/* Replaces line 'index' of 'cart' by 'product' (removes it when NULL), the others kept in order:
 * the cart is rebuilt, its texts packed anew. */
static void md_replace_line(md_context *context, md_cart *cart, size_t index,
                            const md_product *product)
{
    md_cart *rebuilt = md_new_cart(context);
    if (rebuilt != NULL) {
        md_cart_copy(rebuilt, cart, index, product);
        memcpy(cart, rebuilt, sizeof *rebuilt);
        free(rebuilt);
    }
}

/* Product Added / Product Removed: the line of the product changes, then the whole cart goes.
 * A product added again takes the name, category and price the event gives (as Matomo's
 * addEcommerceItem replaces an item), keeps those it does not, and adds its quantity. */
static int md_change_cart(md_context *context, const cJSON *properties, int added)
{
    md_cart *old = &context->state->cart;
    md_product product;
    md_product kept;
    size_t line;

    if (!md_read_product(properties, &product)) {
        return 0;
    }
    line = md_cart_find(old, product.sku, product.sku_length);
    if (added && line == old->count) {
        md_cart_append(old, &product, product.quantity); /* a new line, if it fits */
    } else if (added) {
        md_line_product(old, &old->lines[line], &kept);
        product.sku = kept.sku; /* the line's own (cut) sku */
        product.sku_length = kept.sku_length;
        if (product.name == NULL) {
            product.name = kept.name;
            product.name_length = kept.name_length;
        }
        if (product.category == NULL) {
            product.category = kept.category;
            product.category_length = kept.category_length;
        }
        if (!product.has_price) {
            product.price = kept.price;
            product.has_price = kept.has_price;
        }
        product.quantity += kept.quantity;
        md_replace_line(context, old, line, &product);
    } else if (line < old->count) {
        double left = product.has_quantity ? old->lines[line].quantity - product.quantity : 0;
        if (left >= 1) {
            old->lines[line].quantity = left;
        } else {
            md_replace_line(context, old, line, NULL); /* the line goes */
        }
    }
    md_keep_cart(context, old);
    md_write_cart(context);
    return 1;
}

/* A cart of the event's products (up to MD_CART_LINES; those without sku skipped), or NULL
 * when 'products' is not an array. */
static md_cart *md_cart_of(md_context *context, const cJSON *products)
{
    const cJSON *item;
    md_cart *cart;

    if (!cJSON_IsArray(products) || (cart = md_new_cart(context)) == NULL) {
        return NULL;
    }
    cJSON_ArrayForEach(item, products)
    {
        md_product product;
        if (md_read_product(item, &product)) {
            size_t line = md_cart_find(cart, product.sku, product.sku_length);
            if (line < cart->count) {
                cart->lines[line].quantity += product.quantity; /* one line per sku */
            } else {
                md_cart_append(cart, &product, product.quantity);
            }
        }
    }
    return cart;
}

/* An order amount, or '' when the event has none (the tracker sends undefined as text). */
static int md_write_amount(md_context *context, const cJSON *properties, const char *name)
{
    double amount;
    if (md_read_amount(md_get(properties, name), &amount)) {
        md_arg_number(context, amount);
        return 1;
    }
    md_arg_text(context, "", 0);
    return 0;
}

/* Order Completed with an order_id: the items, trackEcommerceOrder, then an empty cart. */
static int md_write_order(md_context *context, const cJSON *properties)
{
    char scratch[32];
    size_t length = 0;
    const char *order_id = md_read_text(md_get(properties, "order_id"), scratch, 0, &length);
    md_cart *cart;
    double total;
    double grand_total;
    static const char *const totals[] = {"total", "revenue", "subtotal"};
    size_t i;

    if (order_id == NULL) {
        return 0;
    }
    cart = md_cart_of(context, md_get(properties, "products"));
    total = md_write_items(context, cart != NULL ? cart : &context->state->cart);
    free(cart);
    md_begin_hit(context, "trackEcommerceOrder");
    md_arg_text(context, order_id, length);
    i = 0;
    while (i < 3 && !md_read_amount(md_get(properties, totals[i]), &grand_total)) {
        i++; /* total, else revenue, else subtotal, else the items' sum */
    }
    md_arg_number(context, i < 3 ? grand_total : md_round_cents(total));
    md_write_amount(context, properties, "subtotal");
    md_write_amount(context, properties, "tax");
    md_write_amount(context, properties, "shipping");
    md_write_amount(context, properties, "discount");
    md_end_hit(context, 0); /* order hits take no custom data */
    context->state->cart.count = 0;
    context->state->cart.used = 0;
    md_keep_cart(context, &context->state->cart);
    return 1;
}

/* setEcommerceView, then (with productViewPageView) the page view that records it. */
static void md_write_view(md_context *context, const md_product *product)
{
    md_begin(context, "setEcommerceView");
    md_arg_text(context, product->sku != NULL ? product->sku : "", product->sku_length);
    md_arg_text(context, product->name != NULL ? product->name : "", product->name_length);
    md_arg_text(context, product->category, product->category_length);
    if (product->has_price) {
        md_arg_number(context, product->price);
    }
    md_end(context);
    context->state->ecommerce_view = 1; /* ended after the page view that records it */
    if (context->state->page_view_held) {
        md_release_page_view(context, 1); /* the page view of the page() before records it */
    } else if (context->settings->product_view_page_view) {
        md_begin_hit(context, "trackPageView");
        md_end_hit(context, 2);
    }
}

/* Segment's e-commerce events that Matomo Ecommerce records, by md_event_key(), in the order of
 * the cases of md_write_ecommerce(). */
static const char md_ecommerce_events[] = "productviewed|productlistviewed|productlistfiltered|"
                                          "productadded|productremoved|cartviewed|checkoutstarted|"
                                          "ordercompleted|productssearched|";

int md_is_ecommerce_event(const md_settings *settings, const char *key)
{
    return settings->ecommerce && md_list_index(md_ecommerce_events, key, strlen(key)) >= 0;
}

int md_is_view_event(const md_context *context, const char *key)
{
    const cJSON *properties = md_get(context->event, "properties");
    int view = md_list_index(md_ecommerce_events, key, strlen(key));
    md_product product;

    if (!context->settings->ecommerce || !cJSON_IsObject(properties) || view < 0 || view > 2) {
        return 0;
    }
    if (view == 0) {
        return md_read_product(properties, &product); /* as md_write_ecommerce() reads it */
    }
    return md_read_text(md_get(properties, "category"), product.category_scratch, 0,
                        &product.category_length) != NULL;
}

int md_write_ecommerce(md_context *context, const char *key)
{
    const cJSON *properties = md_get(context->event, "properties");
    md_product product;
    md_cart *cart;
    char scratch[32];
    size_t length = 0;
    const char *query;
    const char *category;

    if (!context->settings->ecommerce || !cJSON_IsObject(properties)) {
        return 0;
    }
    switch (md_list_index(md_ecommerce_events, key, strlen(key))) {
    case 0: /* Product Viewed */
        if (!md_read_product(properties, &product) || product.category == NULL) {
            if (product.sku == NULL) {
                return 0;
            }
            product.category = "";
        }
        md_write_view(context, &product);
        return 1;
    case 1: /* Product List Viewed */
    case 2: /* Product List Filtered */
        memset(&product, 0, sizeof product);
        product.category = md_read_text(md_get(properties, "category"), product.category_scratch,
                                        0, &product.category_length);
        if (product.category == NULL) {
            return 0;
        }
        md_write_view(context, &product);
        return 1;
    case 3: /* Product Added */
    case 4: /* Product Removed */
        md_read_stored(context->state, 1);
        return md_change_cart(context, properties, key[7] == 'a');
    case 5: /* Cart Viewed */
    case 6: /* Checkout Started */
        cart = md_cart_of(context, md_get(properties, "products"));
        if (cart == NULL) {
            return 0;
        }
        md_read_stored(context->state, 1);
        md_keep_cart(context, cart);
        free(cart);
        md_write_cart(context);
        return 1;
    case 7: /* Order Completed */
        md_read_stored(context->state, 1);
        return md_write_order(context, properties);
    case 8: /* Products Searched */
        query = md_read_text(md_get(properties, "query"), scratch, 0, &length);
        if (query == NULL) {
            return 0;
        }
        category = md_read_text(md_get(properties, "category"), product.category_scratch, 0,
                                &product.category_length);
        md_begin_hit(context, "trackSiteSearch");
        md_arg_text(context, query, length);
        if (category != NULL) {
            md_arg_text(context, category, product.category_length);
        }
        md_end_hit(context, 4); /* trackSiteSearch(keyword, category?, count?, customData?) */
        return 1;
    default:
        return 0;
    }
}

void md_cart_forget(md_state *state)
{
    md_read_stored(state, 1); /* so that the stored cart is forgotten too */
    if (state->cart.count > 0) {
        state->cart.count = 0;
        state->cart.used = 0;
        state->cart_version++;
    }
}

char *md_cart_export(const md_destination *destination, size_t *length_out)
{
    const md_cart *cart = &destination->state.cart;
    md_buf out = {0};
    size_t i;

    md_buf_raw(&out, "[", 1);
    for (i = 0; i < cart->count; i++) {
        const md_cart_line *line = &cart->lines[i];
        md_buf_raw(&out, i == 0 ? "[" : ",[", i == 0 ? 1 : 2);
        md_buf_string(&out, cart->pool + line->sku, strlen(cart->pool + line->sku));
        md_buf_raw(&out, ",", 1);
        md_buf_string(&out, cart->pool + line->name, strlen(cart->pool + line->name));
        md_buf_raw(&out, ",", 1);
        md_buf_string(&out, cart->pool + line->category, strlen(cart->pool + line->category));
        md_buf_raw(&out, ",", 1);
        if (line->has_price) {
            md_buf_number(&out, line->price);
        } else {
            md_buf_raw(&out, "null", 4);
        }
        md_buf_raw(&out, ",", 1);
        md_buf_number(&out, line->quantity);
        md_buf_raw(&out, "]", 1);
    }
    md_buf_raw(&out, "]", 1);
    return md_buf_take(&out, length_out);
}

void md_cart_import(md_destination *destination, const char *json, size_t length)
{
    cJSON *stored = cJSON_ParseWithLength(json, length);
    const cJSON *entry;
    md_cart *cart = &destination->state.cart;

    cart->count = 0;
    cart->used = 0;
    if (!cJSON_IsArray(stored)) {
        cJSON_Delete(stored);
        return; /* nothing usable: an empty cart */
    }
    cJSON_ArrayForEach(entry, stored)
    {
        md_product product;
        const cJSON *field = entry->child;
        double quantity;
        if (!cJSON_IsArray(entry) || cJSON_GetArraySize(entry) != 5) {
            continue; /* malformed: skipped */
        }
        memset(&product, 0, sizeof product);
        product.sku = cJSON_IsString(field) ? md_read_text(field, product.sku_scratch, 0, &product.sku_length) : NULL;
        field = field->next;
        product.name = cJSON_IsString(field) ? field->valuestring : "";
        product.name_length = strlen(product.name);
        field = field->next;
        product.category = cJSON_IsString(field) ? field->valuestring : "";
        product.category_length = strlen(product.category);
        field = field->next;
        product.has_price = md_read_number(field, &product.price) && cJSON_IsNumber(field);
        field = field->next;
        if (product.sku == NULL || !cJSON_IsNumber(field) || !md_read_number(field, &quantity) ||
            quantity < 1 || quantity > 1e9 || quantity != floor(quantity) ||
            md_cart_find(cart, product.sku, product.sku_length) < cart->count) {
            continue;
        }
        md_cart_append(cart, &product, quantity);
    }
    cJSON_Delete(stored);
}

unsigned md_cart_version(const md_destination *destination)
{
    return destination->state.cart_version;
}

const char *md_site_id(const md_destination *destination)
{
    return destination->settings.site_id;
}
