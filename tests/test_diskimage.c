/* core/workflow/diskimage: the hack-back folder for x86 and arm64 guests written into a
 * workspace whose name has spaces and quotes, the user's edits kept (or backed up when
 * forced), the KVM decision and its time-outs, and a real packer validate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/util/fileio.h"
#include "core/workflow/diskimage.h"
#include "tests/support/testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

struct fx {
    char *tmp;
    char ws[512];
    char kvm[512];          /* a file that stands in for /dev/kvm */
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    f->tmp = strdup(tu_tmpdir());
    snprintf(f->ws, sizeof f->ws, "%s/my ws 'q' \"dq\"", f->tmp);
    assert_int_equal(mkdir(f->ws, 0755), 0);
    snprintf(f->kvm, sizeof f->kvm, "%s/fake-kvm", f->tmp);
    tu_write(f->tmp, "fake-kvm", "");
    setenv("GEM5WB_DEV_KVM", f->kvm, 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    unsetenv("GEM5WB_DEV_KVM");
    tu_rmtree(f->tmp);
    free(f->tmp);
    free(f);
    return 0;
}

static bool host_is(const char *m)
{
    struct utsname u;
    return uname(&u) == 0 && !strcmp(u.machine, m);
}

static char *slurp(const struct fx *f, const char *rel)
{
    char path[1024], err[ERR_LEN], *data = NULL;
    size_t len;
    snprintf(path, sizeof path, "%s/" DIMG_DIR "/%s", f->ws, rel);
    if (file_read_all(path, 1 << 20, &data, &len, err) != 0)
        fail_msg("%s", err);
    return data;
}

static cJSON *template_of(const struct fx *f)
{
    char *text = slurp(f, DIMG_TEMPLATE);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    assert_non_null(doc);
    return doc;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

/* Does qemuargs hold the row [flag, value]? */
static bool has_arg(const cJSON *builder, const char *flag, const char *value)
{
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(builder, "qemuargs"))
        if (cJSON_GetArraySize(row) == 2 &&
            !strcmp(cJSON_GetArrayItem(row, 0)->valuestring, flag) &&
            !strcmp(cJSON_GetArrayItem(row, 1)->valuestring, value))
            return true;
    return false;
}

static void write_ok(const struct fx *f, const struct dimg_params *p, bool force,
                     struct dimg_result *r)
{
    char err[ERR_LEN];
    if (dimg_write(f->ws, p, force, r, err) != 0)
        fail_msg("%s", err);
}

static bool warned(const struct dimg_result *r, const char *needle)
{
    for (size_t i = 0; i < r->nwarnings; i++)
        if (tu_contains(r->warnings[i], needle))
            return true;
    return false;
}

static void test_x86(void **state)
{
    struct fx *f = *state;
    struct dimg_params p;
    struct dimg_result *r = malloc(sizeof *r);
    char err[ERR_LEN];
    assert_int_equal(dimg_params_init(&p, "x86", err), 0);
    write_ok(f, &p, false, r);
    assert_int_equal(r->nfiles, 4);
    for (size_t i = 0; i < r->nfiles; i++)
        assert_int_equal(r->files[i].state, DIMG_CREATED);
    assert_true(warned(r, "m5 is not built yet"));
    assert_true(tu_contains(r->artifact, "/disk-image/hack-back/hack-back-image/hack-back"));

    cJSON *doc = template_of(f);
    const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "builders"), 0);
    assert_string_equal(jstr(b, "type"), "qemu");
    assert_string_equal(jstr(b, "iso_url"), "http://old-releases.ubuntu.com/releases/18.04.2/"
                                            "ubuntu-18.04.2-server-amd64.iso");
    assert_string_equal(jstr(b, "iso_checksum"), "md5:34416ff83179728d54583bf3f18d42d2");
    assert_string_equal(jstr(b, "format"), "raw");
    assert_string_equal(jstr(b, "qemu_binary"), "qemu-system-x86_64");
    assert_string_equal(jstr(b, "http_directory"), "shared");
    assert_string_equal(jstr(b, "output_directory"), "hack-back/hack-back-image");
    assert_string_equal(jstr(b, "vm_name"), "hack-back");
    assert_string_equal(jstr(b, "ssh_username"), "gem5");
    assert_string_equal(jstr(b, "ssh_password"), "12345");
    char *boot_cmd = cJSON_PrintUnformatted(cJSON_GetObjectItem(b, "boot_command"));
    assert_true(tu_contains(boot_cmd,
                            "preseed/url=http://{{ .HTTPIP }}:{{ .HTTPPort }}/preseed.cfg"));
    cJSON_free(boot_cmd);
    if (host_is("x86_64")) {      /* the fake /dev/kvm opens: KVM, -cpu host, no scaling */
        assert_true(r->kvm.kvm);
        assert_string_equal(jstr(b, "accelerator"), "kvm");
        assert_true(has_arg(b, "-cpu", "host"));
        assert_string_equal(jstr(b, "ssh_timeout"), "60m");
        assert_string_equal(jstr(b, "boot_wait"), "10s");
    }
    const cJSON *prov = cJSON_GetObjectItemCaseSensitive(doc, "provisioners");
    assert_string_equal(jstr(cJSON_GetArrayItem(prov, 0), "source"),
                        "../gem5/util/m5/build/x86/out/m5");
    assert_string_equal(jstr(cJSON_GetArrayItem(prov, 1), "source"), DIMG_BOOT);
    assert_string_equal(jstr(cJSON_GetArrayItem(prov, 2), "script"), DIMG_POST);
    cJSON_Delete(doc);

    char *boot = slurp(f, DIMG_BOOT);
    assert_true(tu_contains(boot, "M5=\"/sbin/m5\"\n"));
    assert_true(tu_contains(boot, "if [ -n \"${GEM5WB_BOOT_PASS:-}\" ]; then"));
    assert_true(tu_contains(boot, "export GEM5WB_BOOT_PASS=1\n"));
    const char *cpt = strstr(boot, "$M5 checkpoint\n");
    const char *rf = strstr(boot, "$M5 readfile > /tmp/runscript\n");
    assert_true(cpt && rf && cpt < rf);          /* checkpoint first, then the readfile */
    assert_true(tu_contains(boot, "exec /tmp/runscript"));
    free(boot);
    char *post = slurp(f, DIMG_POST);
    assert_true(tu_contains(post, "install -m 0755 /tmp/gem5wb-m5 /sbin/m5"));
    assert_true(tu_contains(post, "serial-getty@ttyS0.service.d"));
    free(post);
    char *preseed = slurp(f, "shared/preseed.cfg");
    assert_true(tu_contains(preseed, "d-i passwd/username string gem5\n"));
    assert_true(tu_contains(preseed, "gem5 ALL=(ALL) NOPASSWD:ALL"));
    free(preseed);

    write_ok(f, &p, false, r);       /* the same again: nothing to do */
    for (size_t i = 0; i < r->nfiles; i++)
        assert_int_equal(r->files[i].state, DIMG_UNCHANGED);
    free(r);
}

static void test_arm64(void **state)
{
    struct fx *f = *state;
    struct dimg_params p;
    struct dimg_result *r = malloc(sizeof *r);
    char err[ERR_LEN];
    assert_int_equal(dimg_params_init(&p, "arm64", err), 0);
    write_ok(f, &p, false, r);
    assert_int_equal(r->nfiles, 5);
    cJSON *doc = template_of(f);
    const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "builders"), 0);
    assert_string_equal(jstr(b, "qemu_binary"), "qemu-system-aarch64");
    assert_string_equal(jstr(b, "machine_type"), "virt");
    assert_true(has_arg(b, "-bios", "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"));
    assert_true(has_arg(b, "-device", "scsi-hd,bus=scsi0.0,drive=drive0,bootindex=0"));
    assert_true(tu_contains(jstr(b, "iso_url"), "ubuntu-22.04.5-live-server-arm64.iso"));
    if (!host_is("aarch64")) {       /* never KVM for an arm64 guest here: emulated, x10 */
        assert_false(r->kvm.kvm);
        assert_int_equal(r->timeout_scale, 10);
        assert_string_equal(jstr(b, "accelerator"), "tcg");
        assert_true(has_arg(b, "-cpu", "cortex-a57"));
        assert_string_equal(jstr(b, "ssh_timeout"), "600m");
        assert_string_equal(jstr(b, "boot_wait"), "30s");
        assert_true(warned(r, "runs emulated"));
    }
    assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "provisioners"), 0),
                             "source"), "../gem5/util/m5/build/arm64/out/m5");
    cJSON_Delete(doc);
    char *boot = slurp(f, DIMG_BOOT);
    assert_true(tu_contains(boot, "M5=\"/sbin/m5 --addr=0x10010000\"\n"));
    assert_true(tu_contains(boot, "$M5 checkpoint"));
    free(boot);
    char *ud = slurp(f, "shared/user-data");
    assert_true(!strncmp(ud, "#cloud-config\n", 14));
    assert_true(tu_contains(ud, "autoinstall:\n  version: 1\n"));
    assert_true(tu_contains(ud, "plain_text_passwd: \"12345\""));
    free(ud);
    free(slurp(f, "shared/meta-data"));
    free(r);
}

static void test_kvm_check(void **state)
{
    struct fx *f = *state;
    struct dimg_kvm k;
    dimg_kvm_check("arm64", &k);
    if (!host_is("aarch64")) {
        assert_false(k.kvm);
        assert_int_equal(k.scale, 10);
        assert_true(tu_contains(k.reason, "arm64 guest"));
    }
    if (!host_is("x86_64"))
        return;
    dimg_kvm_check("x86", &k);
    assert_true(k.kvm);
    assert_int_equal(k.scale, 1);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/no-kvm", f->tmp);
    setenv("GEM5WB_DEV_KVM", missing, 1);
    dimg_kvm_check("x86", &k);
    assert_false(k.kvm);
    assert_int_equal(k.scale, 10);
    assert_true(tu_contains(k.reason, "no-kvm"));
    /* tcg for x86 too: no -cpu host, scaled time-outs */
    struct dimg_params p;
    struct dimg_result *r = malloc(sizeof *r);
    char err[ERR_LEN];
    assert_int_equal(dimg_params_init(&p, "x86", err), 0);
    write_ok(f, &p, false, r);
    assert_string_equal(r->accelerator, "tcg");
    assert_string_equal(r->ssh_timeout, "600m");
    cJSON *doc = template_of(f);
    const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "builders"), 0);
    assert_false(has_arg(b, "-cpu", "host"));
    cJSON_Delete(doc);
    free(r);
}

static void append(const char *path, const char *text)
{
    FILE *fp = fopen(path, "a");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_edits_kept_and_forced(void **state)
{
    struct fx *f = *state;
    struct dimg_params p;
    struct dimg_result *r = malloc(sizeof *r);
    char err[ERR_LEN], post[1024], bak[1100];
    const char *sets[] = { "cpus=2" };
    assert_int_equal(dimg_params_init(&p, "x86", err), 0);
    write_ok(f, &p, false, r);
    snprintf(post, sizeof post, "%s/" DIMG_DIR "/" DIMG_POST, f->ws);
    append(post, "echo my edit\n");
    assert_int_equal(dimg_params_from(&p, "x86", sets, 1, err), 0);
    write_ok(f, &p, false, r);
    assert_int_equal(r->files[0].state, DIMG_UPDATED);      /* the template: gem5wb's own */
    assert_int_equal(r->files[2].state, DIMG_KEPT);
    char *text = slurp(f, DIMG_POST);
    assert_true(tu_contains(text, "echo my edit\n"));
    free(text);
    write_ok(f, &p, false, r);                               /* still kept next time */
    assert_int_equal(r->files[2].state, DIMG_KEPT);

    write_ok(f, &p, true, r);
    assert_int_equal(r->files[2].state, DIMG_REPLACED);
    snprintf(bak, sizeof bak, "%s" FILE_BACKUP_SUFFIX, post);
    assert_string_equal(r->files[2].backup, bak);
    text = slurp(f, DIMG_POST ".gem5wb-backup");
    assert_true(tu_contains(text, "echo my edit\n"));
    free(text);
    text = slurp(f, DIMG_POST);
    assert_false(tu_contains(text, "my edit"));
    free(text);

    append(post, "echo second edit\n");                      /* a second forced rewrite */
    write_ok(f, &p, true, r);
    assert_int_equal(r->files[2].state, DIMG_REPLACED);
    assert_true(tu_contains(r->files[2].backup, ".gem5wb-backup.1"));
    text = slurp(f, DIMG_POST ".gem5wb-backup.1");
    assert_true(tu_contains(text, "echo second edit\n"));
    free(text);
    text = slurp(f, DIMG_POST ".gem5wb-backup");
    assert_true(tu_contains(text, "echo my edit\n"));       /* the first edit survives */
    free(text);
    free(r);
}

static void set_fails(const char *key, const char *value, const char *why)
{
    struct dimg_params p;
    char err[ERR_LEN];
    assert_int_equal(dimg_params_init(&p, "x86", err), 0);
    assert_int_equal(dimg_params_set(&p, key, value, err), -1);
    if (!tu_contains(err, why))
        fail_msg("%s=%s: '%s' lacks '%s'", key, value, err, why);
}

static void test_params(void **state)
{
    (void)state;
    struct dimg_params p;
    char err[ERR_LEN];
    assert_int_equal(dimg_params_init(&p, "riscv", err), -1);
    assert_true(tu_contains(err, "x86 or arm64"));
    set_fails("no_such_key", "1", "unknown disk-image parameter 'no_such_key'");
    set_fails("disk_size", "12 G", "MiB");
    set_fails("memory", "lots", "whole number");
    set_fails("ssh_password", "a\nb", "control characters");
    set_fails("iso_url", "http://{{ user `x` }}", "'{{'");
    set_fails("accelerator", "hvf", "auto, kvm or tcg");
    set_fails("ssh_timeout", "60", "duration");
    set_fails("image_name", "a/b", "file name");
    set_fails("m5_args", "--addr=1; reboot", "plain words");
    set_fails("m5_path", "", "must not be empty");
    const char *sets[] = { "disk_size=16G", "arch=arm64", "cpus=8" };
    assert_int_equal(dimg_params_from(&p, "x86", sets, 3, err), 0);
    assert_string_equal(p.arch, "arm64");
    assert_string_equal(dimg_params_get(&p, "m5_args"), "--addr=0x10010000");
    assert_string_equal(dimg_params_get(&p, "disk_size"), "16G");
    assert_string_equal(dimg_params_get(&p, "cpus"), "8");
    assert_null(dimg_params_get(&p, "nope"));
    const char *bad[] = { "cpus" };
    assert_int_equal(dimg_params_from(&p, "x86", bad, 1, err), -1);
    assert_true(tu_contains(err, "KEY=VALUE"));
    for (const struct dimg_key *k = dimg_keys; k->name; k++)   /* every key has a value */
        assert_non_null(dimg_params_get(&p, k->name));
}

static void test_quoting(void **state)
{
    (void)state;
    struct dimg_params p;
    struct dimg_kvm k;
    char err[ERR_LEN];
    assert_int_equal(dimg_params_init(&p, "arm64", err), 0);
    assert_int_equal(dimg_params_set(&p, "ssh_password", "it's \"x\"\\", err), 0);
    dimg_kvm_check("arm64", &k);
    char *text = dimg_render(&p, &k, DIMG_TEMPLATE, err);
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    const cJSON *b = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "builders"), 0);
    assert_string_equal(jstr(b, "ssh_password"), "it's \"x\"\\");
    assert_string_equal(jstr(b, "shutdown_command"), "sudo shutdown -P now");
    cJSON_Delete(doc);
    free(text);
    text = dimg_render(&p, &k, "shared/user-data", err);
    assert_true(tu_contains(text, "plain_text_passwd: \"it's \\\"x\\\"\\\\\"\n"));
    assert_true(tu_contains(text, "sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n"));   /* for packer */
    free(text);
    assert_null(dimg_render(&p, &k, "shared/preseed.cfg", err));
    assert_true(tu_contains(err, "no file shared/preseed.cfg"));
}

static void test_packer_argv(void **state)
{
    struct fx *f = *state;
    struct dimg_cmd c;
    char err[ERR_LEN], cwd[600];
    snprintf(cwd, sizeof cwd, "%s/disk-image", f->ws);
    assert_int_equal(dimg_packer_argv(f->ws, "validate", true, &c, err), 0);
    assert_string_equal(c.cwd, cwd);
    assert_string_equal(c.argv[0], "packer");
    assert_string_equal(c.argv[1], "validate");
    assert_string_equal(c.argv[2], DIMG_TEMPLATE);
    assert_null(c.argv[3]);
    assert_int_equal(dimg_packer_argv(f->ws, "build", true, &c, err), 0);
    assert_string_equal(c.argv[2], "-force");
    assert_string_equal(c.argv[3], DIMG_TEMPLATE);
    assert_int_equal(dimg_packer_argv(f->ws, "inspect", false, &c, err), -1);
    assert_true(tu_contains(err, "packer inspect"));
}

static bool have_packer(void)
{
    return access("/usr/bin/packer", X_OK) == 0 || access("/usr/local/bin/packer", X_OK) == 0;
}

static void fake_m5(const struct fx *f, const char *abi)
{
    char dir[1024], err[ERR_LEN];
    snprintf(dir, sizeof dir, "%s/gem5/util/m5/build/%s/out", f->ws, abi);
    assert_int_equal(dir_create(dir, err), 0);
    tu_write(dir, "m5", "not really m5\n");
}

/* Real packer: both templates pass; without m5 packer names the missing source. */
static void test_validate(void **state)
{
    struct fx *f = *state;
    if (!have_packer())
        skip();
    struct dimg_params p;
    struct dimg_result *r = malloc(sizeof *r);
    struct dimg_check c;
    char err[ERR_LEN];
    const char *arch[] = { "x86", "arm64" };
    for (int i = 0; i < 2; i++) {
        assert_int_equal(dimg_params_init(&p, arch[i], err), 0);
        fake_m5(f, arch[i]);
        write_ok(f, &p, false, r);
        assert_false(warned(r, "m5 is not built yet"));
        if (dimg_validate(f->ws, 60000, &c, err) != 0)
            fail_msg("%s", err);
        if (!c.ok)
            fail_msg("%s: packer validate exit %d: %s", arch[i], c.exit_code, c.message);
    }
    char m5[1024];
    snprintf(m5, sizeof m5, "%s/gem5/util/m5/build/arm64/out/m5", f->ws);
    unlink(m5);
    assert_int_equal(dimg_validate(f->ws, 60000, &c, err), 0);
    assert_false(c.ok);
    assert_int_equal(c.exit_code, 1);
    assert_true(tu_contains(c.message, "Bad source '../gem5/util/m5/build/arm64/out/m5'"));
    assert_true(c.ndiags > 0);
    free(r);
}

static void test_validate_needs_template(void **state)
{
    struct fx *f = *state;
    struct dimg_check c;
    char err[ERR_LEN];
    assert_int_equal(dimg_validate(f->ws, 1000, &c, err), -1);
    assert_true(tu_contains(err, "disk-image write"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_x86, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arm64, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kvm_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edits_kept_and_forced, setup, teardown),
        cmocka_unit_test(test_params),
        cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_packer_argv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_needs_template, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
